// The explanation page's growth table against the real runtimes: for each installed toolchain the
// page is rendered for that release (a `go 1.19` module built by it) and every row it shows —
// iteration and new capacity — must be a capacity change the compiled program printed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { analyzeFile } from '../../server/src/analysis/driver';
import { explanationMarkdown } from '../../server/src/analysis/explain';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { chooseGo } from '../../server/src/analysis/runtime/toolchainChoice';
import { createGoParser } from '../../server/src/parser';
import { growToBytes, runProgram, type CapSeries, type ElementCase } from './growthProgram';
import { toolchains, type Toolchain } from './toolchains';

let parser: Parser;
let found: Toolchain[] = [];
before(async () => { parser = await createGoParser(); found = await toolchains(); });
after(() => parser?.delete());

const cases: ElementCase[] = [
  { decl: 'struct{ next *int; a, b uint64 }', size: 24, pointers: true },
  { decl: '[5]uint64', size: 40, pointers: false },
  { decl: 'struct{ p *int; a [511]uint64 }', size: 4096, pointers: true },
];

/** The page for a loop appending `elem` forever, as the given toolchain would build it. */
function page(c: ElementCase, t: Toolchain, local: boolean): string {
  const text = `package main\n\ntype elem ${c.decl}\n\nfunc collect() {\n\tvar items []elem\n\tfor {\n\t\titems = append(items, elem{})\n\t}\n}\n`;
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const pkg = packageContextFrom([summarizeFile('main.go', tree)]);
    const findings = analyzeFile({ path: 'main.go', text, tree }, pkg);
    assert.ok(findings.some((f) => f.facts.growth), 'no growth finding');
    const go = chooseGo({ hasGoMod: true, goLine: '1.19', installed: t.version, gotoolchain: 'local' });
    // The limit is what the program grows to, so every row of the table is a growth it printed.
    return explanationMarkdown('collect', findings, {
      text, pkg, memoryLimitBytes: growToBytes, link: (l) => `#L${l + 1}`, go, sliceUse: () => (local ? 'local' : 'escapes'),
    });
  } finally {
    tree.delete();
  }
}

/** iteration → new capacity, from one printed series (one element per iteration). */
function changes(s: CapSeries): Map<number, number> {
  const out = new Map<number, number>();
  s.caps.forEach((cap, i) => out.set(i === 0 ? 1 : s.caps[i - 1] + 1, cap));
  return out;
}

for (const c of cases) {
  test(`the page's table for ${c.size}-byte elements ${c.pointers ? 'with' : 'without'} pointers is what each runtime does`, () => {
    assert.ok(found.length >= 2, 'need the go on PATH and Go 1.19');
    for (const t of found) {
      const printed = runProgram(t.go, c);
      for (const [name, local] of [['global', false], ['local', true]] as const) {
        const md = page(c, t, local);
        const version = /Growth with (Go 1\.\d+)'s rules/.exec(md)?.[1];
        assert.equal(version, t.version.replace(/^go(1\.\d+).*/, 'Go $1'), `${t.version}: the page names ${version}`);
        const real = changes(printed.find((s) => s.name === name)!);
        const rows = [...md.matchAll(/^\| ([\d,]+) \| ([\d,]+) \| [^|]+ \| [^|]+ \|$/gm)].map((m) => [m[1], m[2]].map((x) => Number(x.replace(/,/g, ''))));
        assert.ok(rows.length >= 8, `${t.version}: only ${rows.length} rows`);
        for (const [iteration, cap] of rows) assert.equal(real.get(iteration), cap, `${t.version} ${name}: iteration ${iteration} gives capacity ${real.get(iteration)}, the page says ${cap}`);
      }
    }
  });
}
