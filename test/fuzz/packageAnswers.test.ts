// What an edit that changes a package declaration costs: only the declarations whose questions to
// the package are answered otherwise now are analysed again (in the document and in its open
// siblings), and the findings are those of a full pass.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { AnalysisService } from '../../server/src/features/analysis';
import { PackageIndex } from '../../server/src/features/packageIndex';
import type { ContentChange } from '../../server/src/trees';
import { createGoParser } from '../../server/src/parser';
import { defaultSettings } from '../../server/src/settings';

let parser: Parser;
before(async () => { parser = await createGoParser(); });
after(() => parser?.delete());

const settings = { ...defaultSettings(), debounceMs: 0 };
const service = (): AnalysisService => new AnalysisService(parser, new PackageIndex(parser), { settings: () => settings, publish: () => undefined, log: () => undefined });
const shown = (s: AnalysisService, uri: string): string[] => s.current(uri)!.findings.map((f) => `${f.rule} ${f.severity} ${f.span.start.line}: ${f.message}`);

/** The change that replaces the first `from` of the document's text with `to`. */
function replacing(text: string, from: string, to: string): ContentChange {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `${from} is in the text`);
  const lines = text.slice(0, at).split('\n');
  const start = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { range: { start, end: { line: start.line, character: start.character + from.length } }, text: to };
}

const stepGo = 'package p\n\nfunc step() int { return 1 }\n';
const loopsGo = 'package p\n\nfunc a(items []int) (out []int) {\n\tfor i := 0; i < len(items); i += step() {\n\t\tout = append(out, i)\n\t}\n\treturn\n}\n\n// b names step but asks nothing about it.\nfunc b() string { return "step" }\n\nfunc c(items []int) (out []int) {\n\tfor i := 0; i < len(items); i += 2 {\n\t\tout = append(out, i)\n\t}\n\treturn\n}\n';

test('a changed function is asked about by one declaration: that one is analysed again, not those that only name it', () => {
  const s = service();
  const uri = 'untitled:one.go';
  const text = stepGo + loopsGo.slice('package p\n'.length);
  try {
    s.open(uri, undefined, 1, text);
    assert.deepEqual(shown(s, uri).filter((f) => f.startsWith('zero-step-loop')), []);
    let version = 1;
    for (const [from, to, zero] of [['return 1', 'return 0', true], ['return 0', 'return 1', false]] as const) {
      const before = s.work();
      s.change(uri, ++version, [replacing(s.current(uri)!.text, from, to)]);
      const got = shown(s, uri);
      const work = s.work();
      // `step` itself (edited) and `a` (its loop asks what step returns); not `b`, not `c`.
      assert.deepEqual({ fullPasses: work.fullPasses - before.fullPasses, declarations: work.declarations - before.declarations }, { fullPasses: 0, declarations: 2 }, `${from} → ${to}`);
      const fresh = service();
      try {
        fresh.open(uri, undefined, 1, s.current(uri)!.text);
        assert.deepEqual(got, shown(fresh, uri), `after ${from} → ${to}: as a full pass`);
      } finally {
        fresh.dispose();
      }
      assert.equal(got.some((f) => f.startsWith('zero-step-loop error')), zero, `${to}: a step of 0 is certain`);
    }
  } finally {
    s.dispose();
  }
});

test('an open sibling analyses again only the declarations whose questions are answered otherwise, not the whole file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-answers-'));
  const s = service();
  try {
    const files = { step: path.join(dir, 'step.go'), loops: path.join(dir, 'loops.go') };
    fs.writeFileSync(files.step, stepGo);
    fs.writeFileSync(files.loops, loopsGo);
    const uris = { step: pathToFileURL(files.step).href, loops: pathToFileURL(files.loops).href };
    s.open(uris.step, files.step, 1, stepGo);
    s.open(uris.loops, files.loops, 1, loopsGo);
    shown(s, uris.step);
    assert.deepEqual(shown(s, uris.loops).filter((f) => f.startsWith('zero-step-loop')), []);
    const before = s.work();
    s.change(uris.step, 2, [replacing(stepGo, 'return 1', 'return 0')]);
    shown(s, uris.step);
    const loops = shown(s, uris.loops);
    const work = s.work();
    // `step` in step.go, then `a` in loops.go.
    assert.deepEqual({ fullPasses: work.fullPasses - before.fullPasses, declarations: work.declarations - before.declarations }, { fullPasses: 0, declarations: 2 });
    assert.ok(loops.some((f) => f.startsWith('zero-step-loop error')), 'the sibling sees step() return 0');
    // As a server that opened both files as they are now.
    fs.writeFileSync(files.step, s.current(uris.step)!.text);
    const fresh = service();
    try {
      fresh.open(uris.loops, files.loops, 1, loopsGo);
      assert.deepEqual(loops, shown(fresh, uris.loops));
    } finally {
      fresh.dispose();
    }
  } finally {
    s.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
