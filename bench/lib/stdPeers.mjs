// Our check against its peers on the same input: the standard library without cmd/, which is what
// `go vet std` and `staticcheck std` check. Prints wall and CPU seconds (the whole process tree)
// and what each found of the bug class we look for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRun } from './ourCheck.mjs';
import { staticcheckFindings, vetFindings } from './peerFindings.mjs';
import { goEnv, withFreshCaches } from './peerTools.mjs';
import { fmt, lpad, pad, tail, timed } from './proc.mjs';

/** The top-level directories of GOROOT/src that hold std packages (cmd/ is a module of its own). */
export function stdPaths(src) {
  return fs.readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'cmd' && !/^(vendor|testdata|node_modules|[._].*)$/.test(e.name))
    .map((e) => path.join(src, e.name));
}

const countCodes = (found, codes) => codes.map((c) => `${c} ${found.filter((f) => f.code === c).length}`).join(', ');
/** The most frequent codes, e.g. `unsafeptr 394`. */
function topCodes(found, n = 3) {
  const counts = new Map();
  for (const f of found) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([c, k]) => `${c} ${k}`).join(', ') || 'none';
}

function row(label, r, base, detail) {
  if (r.note) return `  ${pad(label, 42)} ${pad('', 33)}${r.note}`;
  const ratio = base ? `${lpad(fmt(r.seconds / base.seconds, 2), 6)}x` : lpad('', 7);
  return `  ${pad(label, 42)} ${lpad(fmt(r.seconds), 7)} s ${ratio}  cpu ${lpad(fmt(r.cpu), 6)} s   ${detail}`;
}

async function peerRun(label, binary, args, env, parse) {
  const r = await timed(binary, args, { env, cwd: os.tmpdir() });
  if (r.error) return { label, note: `failed: ${r.error.message}` };
  let found;
  try {
    found = parse(`${r.stdout}\n${r.stderr}`);
  } catch (e) {
    return { label, note: `exit ${r.code}, unreadable output (${e.message}): ${tail(r.stderr)}` };
  }
  return { label, seconds: r.seconds, cpu: r.cpu, code: r.code, found, stderr: r.stderr };
}

/**
 * Times our check, parse-only, go vet and staticcheck (each cold with fresh caches, then warm)
 * over std. `tools` holds the peers' binaries (or notes), `skip` the parts the flags turn off.
 */
export async function compareOnStd({ src, probe, jobs, tools, skip, packages }) {
  const paths = stdPaths(src);
  console.log(`\nPeers on std (${packages} packages by go list std; GOROOT/src without cmd/), one run each unless said; ratios to our check`);
  const ours = await checkRun(paths, jobs);
  const oursRow = { seconds: ours.seconds, cpu: ours.cpu };
  console.log(row(`go-oom-lens check (jobs=${jobs})`, oursRow, oursRow, `${ours.findings.length} findings (${ours.findings.filter((f) => f.rule === 'infinite-recursion').length} infinite-recursion), exit ${ours.code}`));
  const parsed = await probe.parseAll(paths);
  const parseRow = { seconds: parsed.ms / 1000, cpu: parsed.ms / 1000 };
  console.log(row('parse only (tree-sitter, 1 thread)', parseRow, oursRow, `${parsed.files} files; the floor under any analysis of ours`));

  if (skip.vet) console.log(row('go vet std', { note: 'skipped (--no-vet)' }));
  else {
    // Cold: an empty GOCACHE, so vet compiles the export data it needs, as after a Go upgrade.
    // Warm: the second run replays vet's cached results, so it is no measure of analysis.
    const modes = skip.cold ? [['go vet std (GOCACHE as found)', false]] : [['go vet std (cold: empty GOCACHE)', true], ['go vet std (warm: results cached)', true]];
    await withFreshCaches(async (fresh) => {
      for (const [label, cold] of modes) {
        const r = await peerRun(label, 'go', ['vet', '-json', 'std'], cold ? fresh : goEnv, vetFindings);
        console.log(row(label, r, oursRow, r.found ? `${r.found.length} findings (${topCodes(r.found)}), exit ${r.code}` : ''));
      }
    });
  }

  if (skip.staticcheck || !tools.staticcheck.binary) {
    console.log(row('staticcheck std', { note: skip.staticcheck ? 'skipped (--no-staticcheck)' : tools.staticcheck.note }));
  } else {
    const modes = skip.cold ? [['staticcheck std (warm, own caches)', false]] : [['staticcheck std (cold: empty caches)', true], ['staticcheck std (warm: second run)', true]];
    await withFreshCaches(async (fresh) => {
      for (const [label, cold] of modes) {
        const r = await peerRun(label, tools.staticcheck.binary, ['-f', 'json', 'std'], cold ? fresh : goEnv, staticcheckFindings);
        console.log(row(label, r, oursRow, r.found ? `${r.found.length} findings (${countCodes(r.found, ['SA4008', 'SA5007'])}; most: ${topCodes(r.found)}), exit ${r.code}` : ''));
      }
    });
  }
  console.log('  gopls: not timed on std (a language server answers per open file, not per tree); see the fixture comparison below');
}
