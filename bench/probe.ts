// Measurements that need the analyser's modules, bundled on the fly by bench/run.mjs (not shipped).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../server/src/analysis/driver';
import { packageContextFrom, summarizeFile, type FileSummary } from '../server/src/analysis/values/summaries';
import { packageClauseOf } from '../server/src/checkSources';
import { collect } from '../server/src/cli/collect';
import { createGoParser } from '../server/src/parser';

// The fixtures' `// want` reader and the rule ids, for the peer comparison (bench/lib/fixturePeers.mjs).
export { parseWants } from '../test/rules/want';
export { ruleIds } from '../server/src/analysis/registry';

/** Files, bytes and lines that `check` reads under the given paths (the same walk). */
export function corpus(paths: string[]): { files: number; bytes: number; lines: number; dirs: number } {
  const { units } = collect(paths);
  let files = 0;
  let bytes = 0;
  let lines = 0;
  for (const unit of units) {
    for (const f of unit.files) {
      if (!f.report) continue;
      const data = fs.readFileSync(f.abs);
      files++;
      bytes += data.length;
      for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
    }
  }
  return { files, bytes, lines, dirs: units.length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Parse time vs. analysis time for one file (median of `runs`), with its real package context. */
export async function parseVsAnalysis(file: string, runs: number) {
  const parser = await createGoParser();
  const text = fs.readFileSync(file, 'utf8');
  const clause = packageClauseOf(text);
  const dir = path.dirname(file);
  const siblings: FileSummary[] = [];
  for (const name of fs.readdirSync(dir)) {
    const sibling = path.join(dir, name);
    if (!name.endsWith('.go') || sibling === file) continue;
    const siblingText = fs.readFileSync(sibling, 'utf8');
    if (packageClauseOf(siblingText) !== clause) continue;
    const tree = parser.parse(siblingText);
    if (tree) {
      siblings.push(summarizeFile(sibling, tree));
      tree.delete();
    }
  }
  const parse: number[] = [];
  const context: number[] = [];
  const analysis: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const tree = parser.parse(text);
    if (!tree) throw new Error(`cannot parse ${file}`);
    const t1 = performance.now();
    const pkg = packageContextFrom([...siblings, summarizeFile(file, tree)]);
    const t2 = performance.now();
    findings = analyzeFile({ path: file, text, tree }, pkg).length;
    const t3 = performance.now();
    tree.delete();
    parse.push(t1 - t0);
    context.push(t2 - t1);
    analysis.push(t3 - t2);
  }
  parser.delete();
  return {
    bytes: Buffer.byteLength(text),
    lines: text.split('\n').length,
    siblings: siblings.length,
    findings,
    parseMs: median(parse),
    contextMs: median(context),
    analysisMs: median(analysis),
    firstParseMs: parse[0],
    firstAnalysisMs: analysis[0],
  };
}

/** Parse-only cost of the files `check` reads under the given paths: one thread, trees deleted. */
export async function parseAll(paths: string[]): Promise<{ files: number; bytes: number; ms: number }> {
  const { units } = collect(paths);
  const parser = await createGoParser();
  let files = 0;
  let bytes = 0;
  let ms = 0;
  for (const unit of units) {
    for (const f of unit.files) {
      if (!f.report) continue;
      const text = fs.readFileSync(f.abs, 'utf8');
      const t0 = performance.now();
      const tree = parser.parse(text);
      ms += performance.now() - t0;
      tree?.delete();
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
  parser.delete();
  return { files, bytes, ms };
}
