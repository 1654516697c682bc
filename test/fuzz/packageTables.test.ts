// The editor builds a package context from its other files' kept tables plus the open file
// (packageContextWith); it must answer every question as the context built from all the files at
// once (packageContextFrom) does, the order of the tables' entries included.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { packageContextFrom, packageContextWith, packageTables, summarizeFile, declarationTables, type FileSummary, type PackageContext } from '../../server/src/analysis/values/summaries';
import { createGoParser } from '../../server/src/parser';
import { goroot } from './corpus';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

function summaries(dir: string): FileSummary[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).sort().map((n) => {
    const file = path.join(dir, n);
    const tree = parser.parse(fs.readFileSync(file, 'utf8'))!;
    try {
      return summarizeFile(file, tree);
    } finally {
      tree.delete();
    }
  });
}

/** Everything a rule can ask, as one comparable string. */
function answers(pkg: PackageContext, s: readonly FileSummary[]): string {
  const out: unknown[] = [pkg.packageName];
  for (const t of declarationTables) {
    const table = pkg[t] as ReadonlyMap<string, unknown>;
    out.push([...table], table.size, [...table.keys()].map((k) => [table.has(k), table.get(k)]));
  }
  const names = new Set<string>();
  for (const f of s) {
    for (const c of f.constants) names.add(c.name);
    for (const c of f.callSites ?? []) names.add(c.name);
    for (const w of f.unguardedFieldWrites ?? []) names.add(w.field);
  }
  for (const n of [...names].sort()) {
    out.push(n, pkg.constValue(n) ?? null, pkg.fieldSetFromParameter?.(n) ?? null);
    for (const method of [false, true]) for (const i of [0, 1, 2]) out.push(pkg.argumentsFromCallers?.(n, method, i) ?? null);
  }
  return JSON.stringify(out);
}

test('a context from the other files\' tables plus one file answers as the context of all the files', (t) => {
  const root = goroot();
  if (!root) return t.skip('no go on PATH');
  let compared = 0;
  for (const pkg of ['strconv', 'text/template', 'go/types', 'cmd/compile/internal/ssa']) {
    const all = summaries(path.join(root, 'src', pkg));
    // The largest file, the first and the last as the open one (its summary comes last in both).
    const picks = new Set([0, all.length - 1, all.reduce((m, s, i) => (s.funcs.length > all[m].funcs.length ? i : m), 0)]);
    for (const i of picks) {
      const own = all[i];
      const others = all.filter((_, j) => j !== i);
      assert.equal(answers(packageContextWith(packageTables(others), own, own.packageName), all), answers(packageContextFrom([...others, own]), all), `${pkg}: ${path.basename(own.path)} open`);
      compared++;
    }
  }
  assert.ok(compared >= 8);
});
