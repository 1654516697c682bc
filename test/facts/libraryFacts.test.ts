// Each library fact the value reasoning uses is checked against the real function: a generated Go
// program calls it on the fact's edge inputs with the machine's toolchain and prints every integer
// result; each must lie in the fact's range (the empty-input range for empty inputs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callFacts, type CallFact, type Range } from '../../server/src/analysis/values/libraryFacts';

let dir = '';
let printed: string[] = [];

/** The Go program: one line per call, `callee#case: r0 r1 …` with non-integer results printed as `-`. */
function program(facts: CallFact[]): string {
  const imports = [...new Set(['fmt', ...facts.map((f) => f.importPath)])].sort();
  const lines: string[] = [];
  facts.forEach((f) => f.edgeCases.forEach((args, i) => {
    const n = f.results.length;
    const names = Array.from({ length: n }, (_, k) => `r${k}`);
    lines.push(`\t{\n\t\t${names.join(', ')} := ${f.callee}(${args})\n\t\tfmt.Println(${JSON.stringify(`${f.callee}#${i}:`)}, ${names.map((r) => `show(${r})`).join(', ')})\n\t}`);
  }));
  return `package main\n\nimport (\n${imports.map((p) => `\t"${p}"`).join('\n')}\n)\n\nfunc show(v any) string {\n\tswitch x := v.(type) {\n\tcase int:\n\t\treturn fmt.Sprint(x)\n\tcase int64:\n\t\treturn fmt.Sprint(x)\n\tcase uint64:\n\t\treturn fmt.Sprint(x)\n\t}\n\treturn "-"\n}\n\nfunc main() {\n${lines.join('\n')}\n}\n`;
}

describe('library facts against the real Go functions', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-facts-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module factcheck\n\ngo 1.21\n');
    fs.writeFileSync(path.join(dir, 'main.go'), program(callFacts));
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off', GOWORK: 'off' };
    printed = execFileSync('go', ['run', '.'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 }).trim().split('\n');
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('the program printed one line per edge case', () => {
    assert.equal(printed.length, callFacts.reduce((n, f) => n + f.edgeCases.length, 0));
  });

  for (const f of callFacts) {
    it(`${f.callee}: ${f.reason}`, () => {
      assert.match(f.doc, /^https:\/\/pkg\.go\.dev\//);
      f.edgeCases.forEach((args, i) => {
        const line = printed.find((l) => l.startsWith(`${f.callee}#${i}: `));
        assert.ok(line, `no output for ${f.callee}(${args})`);
        const values = line.slice(`${f.callee}#${i}: `.length).split(' ');
        const ranges = f.emptyCases?.includes(i) && f.whenEmpty ? f.whenEmpty : f.results;
        ranges.forEach((r: Range | null, k) => {
          if (!r) return;
          const v = Number(values[k]);
          assert.ok(Number.isFinite(v), `${f.callee}(${args}) result ${k} is not an integer: ${values[k]}`);
          assert.ok(v >= r[0] && v <= r[1], `${f.callee}(${args}) result ${k} = ${v}, outside the fact's ${r[0]}…${r[1]}`);
        });
        for (const s of f.sentinels ?? []) assert.ok(ranges.some((r) => r && s >= r[0] && s <= r[1]), `sentinel ${s} lies in the range`);
      });
    });
  }

  it('a wrong fact fails: DecodeRune of an empty input is not size 1…4', () => {
    const f = callFacts.find((x) => x.callee === 'utf8.DecodeRune')!;
    const line = printed.find((l) => l.startsWith('utf8.DecodeRune#0: '))!;
    const size = Number(line.split(' ')[2]);
    assert.ok(!(size >= f.results[1]![0] && size <= f.results[1]![1]), 'the empty case really falls outside the non-empty range');
  });
});
