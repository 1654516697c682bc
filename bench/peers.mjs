// Peers on the same machine and the same inputs: our check against staticcheck (cold and warm
// cache), go vet and parse-only over std, and on our rule fixtures which want lines each peer
// (staticcheck, go vet, gopls) reports. `npm run bench` runs this after its own figures;
// `node bench/peers.mjs` runs it alone (after `npm run build`).
//
// Flags: --no-staticcheck, --no-vet, --no-gopls (skip a peer), --no-std (fixtures only),
// --no-fixtures (std only), --no-cold (no cold runs of vet and staticcheck over std: with empty
// caches they cost about 9 and 16 CPU-minutes), --no-install (use only peers already in
// .cache/bench-tools/bin), --goroot DIR.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareOnFixtures } from './lib/fixturePeers.mjs';
import { cli } from './lib/ourCheck.mjs';
import { ensurePeer, goEnv, goVersion, peers, toolsBin } from './lib/peerTools.mjs';
import { loadProbe, root } from './lib/probe.mjs';
import { compareOnStd } from './lib/stdPeers.mjs';

/** Reads the flags that turn parts off; unknown flags are left to the caller. */
export function peerFlags(argv) {
  return {
    staticcheck: argv.includes('--no-staticcheck'),
    vet: argv.includes('--no-vet'),
    gopls: argv.includes('--no-gopls'),
    std: argv.includes('--no-std'),
    fixtures: argv.includes('--no-fixtures'),
    cold: argv.includes('--no-cold'),
    install: argv.includes('--no-install'),
  };
}

/** Installs (when needed) and prints the peers' versions; resolves { staticcheck, gopls }. */
function preparePeers(skip) {
  const tools = {};
  console.log(`\nPeers (go vet of ${goVersion() ?? 'no go on PATH'}; staticcheck and gopls from ${path.relative(root, toolsBin(root))})`);
  for (const name of Object.keys(peers)) {
    if (skip[name]) {
      tools[name] = { note: `skipped (--no-${name})` };
      continue;
    }
    tools[name] = ensurePeer(root, name, { install: !skip.install });
    const t = tools[name];
    console.log(`  ${name} ${peers[name].version}: ${t.binary ? `${t.version}${t.installed ? ` (${t.installed})` : ''}` : t.note}`);
  }
  return tools;
}

/** The peer comparison; `probe` is bench/probe.ts loaded, `src` GOROOT/src. */
export async function comparePeers({ probe, src, jobs, skip }) {
  const tools = preparePeers(skip);
  if (!skip.std) {
    const packages = spawnSync('go', ['list', 'std'], { encoding: 'utf8', env: goEnv, cwd: os.tmpdir() }).stdout?.split('\n').filter(Boolean).length ?? '?';
    await compareOnStd({ src, probe, jobs, tools, skip, packages });
  }
  if (!skip.fixtures) await compareOnFixtures({ probe, tools, skip, jobs });
}

async function main() {
  const argv = process.argv.slice(2);
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const given = argv.includes('--goroot') ? argv[argv.indexOf('--goroot') + 1] : undefined;
  const goroot = given ?? spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: goEnv }).stdout?.trim();
  if (!goroot) throw new Error('Go is not installed (no `go` on PATH): pass --goroot DIR');
  const jobs = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  await comparePeers({ probe: await loadProbe(), src: fs.realpathSync(path.join(goroot, 'src')), jobs, skip: peerFlags(argv) });
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
}
