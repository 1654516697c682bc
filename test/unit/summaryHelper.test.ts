// A package's files that are not open are summarised on two threads when they are many bytes: the
// summary worker takes a share while the server's thread does the rest. The package context is the
// one a single thread builds; a worker that cannot be used leaves all the work to the server's thread.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { PackageIndex, summaryOf } from '../../server/src/features/packageIndex';
import { SummaryHelper } from '../../server/src/features/summaryHelper';
import type { PackageContext } from '../../server/src/analysis/values/summaries';
import { createGoParser } from '../../server/src/parser';

let parser: Parser;
let dir: string;
before(async () => {
  parser = await createGoParser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-helper-'));
  for (let i = 0; i < 7; i++) {
    const body = Array.from({ length: 20 + i * 15 }, (_, k) => `func f${i}_${k}(n int) int {\n\tfor j := 0; j < n; j += step${i} {\n\t\tn--\n\t}\n\treturn helper${i}(n, ${k})\n}\n`).join('\n');
    fs.writeFileSync(path.join(dir, `f${i}.go`), `package p\n\nconst step${i} = ${i}\n\nfunc helper${i}(a, b int) int { return a + b }\n\n${body}`);
  }
  fs.writeFileSync(path.join(dir, 'other_test.go'), 'package p_test\n\nconst notMine = 1\n');
  fs.writeFileSync(path.join(dir, 'own.go'), 'package p\n');
});
after(() => {
  parser?.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

function ownSummary(): ReturnType<typeof summaryOf> {
  const tree = parser.parse('package p\n\nfunc own() int { return helper3(step2, 1) }\n')!;
  try {
    return summaryOf(path.join(dir, 'own.go'), tree);
  } finally {
    tree.delete();
  }
}

/** What a context answers, as plain data (entries in order, constant values). */
function answers(ctx: PackageContext): string {
  const values = [...ctx.constants.keys()].map((k) => [k, String(ctx.constValue(k)?.value)]);
  const json = (m: ReadonlyMap<string, unknown>): unknown => [...m.entries()];
  return JSON.stringify({ values, constants: json(ctx.constants), funcs: json(ctx.funcs), types: json(ctx.types), vars: json(ctx.vars), callers: ctx.argumentsFromCallers?.('helper3', false, 1) }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

test('two threads build the context one thread builds', () => {
  const own = path.join(dir, 'own.go');
  const single = new PackageIndex(parser);
  const expected = answers(single.contextFor(own, ownSummary()));
  const helper = new SummaryHelper();
  try {
    const index = new PackageIndex(parser, undefined, helper);
    index.parallelMinBytes = 0;
    const got = answers(index.contextFor(own, ownSummary()));
    assert.equal(helper.stopped, undefined, 'the worker was used');
    assert.equal(helper.answered, 1, 'one request, answered');
    assert.equal(got, expected);
    assert.deepEqual(index.work, single.work, 'the same files summarised');
    assert.equal(index.work.filesSummarised, 7, 'the other package (p_test) is not summarised');
    assert.equal(String(index.contextFor(own, ownSummary()).constValue('step6')?.value), '6');
  } finally {
    helper.dispose();
  }
});

test('few bytes to summarise: no worker is started', () => {
  const helper = new SummaryHelper();
  try {
    const index = new PackageIndex(parser, undefined, helper);
    index.contextFor(path.join(dir, 'own.go'), ownSummary());
    assert.equal(helper.answered, 0);
    assert.equal(index.work.filesSummarised, 7);
  } finally {
    helper.dispose();
  }
});

test('a worker that cannot start leaves the work to the server\'s thread, with the same context', () => {
  const own = path.join(dir, 'own.go');
  const expected = answers(new PackageIndex(parser).contextFor(own, ownSummary()));
  const helper = new SummaryHelper(path.join(dir, 'no-such-worker.js'));
  const index = new PackageIndex(parser, undefined, helper);
  index.parallelMinBytes = 0;
  assert.equal(answers(index.contextFor(own, ownSummary())), expected);
  assert.match(helper.stopped ?? '', /no-such-worker\.js is missing/);
  assert.equal(index.work.filesSummarised, 7);
});
