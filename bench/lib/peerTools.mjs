// The peers we time and compare with: staticcheck and gopls at pinned versions, installed with
// `go install` into a bench-local GOBIN (.cache/bench-tools/bin, ignored by git), and the machine's
// own `go vet`. Installing is the only step here that reaches the Go module proxy; the runs of the
// tools themselves use GOTOOLCHAIN=local and GOPROXY=off, like the analysis' own go runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tail } from './proc.mjs';

export const peers = {
  staticcheck: { module: 'honnef.co/go/tools/cmd/staticcheck', version: 'v0.8.2', versionArgs: ['-version'] },
  gopls: { module: 'golang.org/x/tools/gopls', version: 'v0.23.0', versionArgs: ['version'] },
};

/** Environment for running go and the peers: this toolchain only, no downloads. */
export const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GOWORK: 'off' };

export const toolsBin = (root) => path.join(root, '.cache', 'bench-tools', 'bin');

/** The version a peer binary prints, or undefined when it does not run. */
function reportedVersion(binary, peer) {
  const r = spawnSync(binary, peer.versionArgs, { encoding: 'utf8', env: goEnv });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.trim().split('\n')[0];
}

/**
 * Finds the pinned peer in the bench GOBIN, installing it there when it is missing or another
 * version (unless `install` is false). Resolves { binary, version } or { note } saying why not.
 */
export function ensurePeer(root, name, { install = true } = {}) {
  const peer = peers[name];
  const binary = path.join(toolsBin(root), name);
  const have = fs.existsSync(binary) ? reportedVersion(binary, peer) : undefined;
  if (have?.includes(peer.version.slice(1))) return { binary, version: have };
  if (!install) return { note: `not installed in ${toolsBin(root)} (--no-install)` };
  fs.mkdirSync(toolsBin(root), { recursive: true });
  const started = performance.now();
  // GOPROXY as the machine has it: this is the one step that downloads (modules, not toolchains).
  const r = spawnSync('go', ['install', `${peer.module}@${peer.version}`], {
    encoding: 'utf8',
    env: { ...process.env, GOBIN: toolsBin(root), GOTOOLCHAIN: 'local', GOFLAGS: '', GOWORK: 'off' },
  });
  if (r.error) return { note: `go install failed: ${r.error.message}` };
  if (r.status !== 0) return { note: `go install ${peer.module}@${peer.version} refused: ${tail(r.stderr)}` };
  const version = reportedVersion(binary, peer);
  if (!version) return { note: `installed ${binary} does not run` };
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  return { binary, version, installed: `installed in ${seconds} s` };
}

/** `go version` of the go on PATH (the go vet we compare with), or undefined. */
export function goVersion() {
  const r = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv });
  return r.error || r.status !== 0 ? undefined : r.stdout.trim();
}

/**
 * Calls `fn` with an environment whose caches all start empty: Go's build cache and staticcheck's
 * (XDG_CACHE_HOME moves its default dir, STATICCHECK_CACHE names it outright); removed after.
 */
export async function withFreshCaches(fn) {
  const caches = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-peers-'));
  try {
    await fn({ ...goEnv, XDG_CACHE_HOME: caches, STATICCHECK_CACHE: path.join(caches, 'staticcheck'), GOCACHE: path.join(caches, 'go-build') });
  } finally {
    fs.rmSync(caches, { recursive: true, force: true });
  }
}
