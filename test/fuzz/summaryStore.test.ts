// Summaries kept across sessions: what the store gives back is the summary made from the file
// (standard library files), entries that are not whole or are for another build, file or text are
// not trusted, and a package index with a warm store parses none of a package's files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { PackageIndex, summaryOf } from '../../server/src/features/packageIndex';
import { SummaryStore } from '../../server/src/features/summaryStore';
import { createGoParser, type Parser } from '../../server/src/parser';
import { seedFiles } from './corpus';

/** The summary without fields set to undefined (JSON leaves them out; summaries are compared as JSON). */
function defined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(defined) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, defined(v)])) as T;
  return value;
}

let parser: Parser;
let dir: string;
before(async () => {
  parser = await createGoParser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-summaries-'));
});
after(() => {
  parser.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a stored summary is the summary made from the file', () => {
  const store = new SummaryStore(path.join(dir, 'a'), 'build-1');
  const { files } = seedFiles();
  let compared = 0;
  for (const file of files.filter((_, i) => i % 4 === 0)) {
    const text = fs.readFileSync(file, 'utf8');
    const tree = parser.parse(text)!;
    try {
      const made = summaryOf(file, tree);
      assert.equal(store.get(file, text), undefined, 'nothing stored yet');
      store.put(file, text, made);
      assert.deepStrictEqual(store.get(file, text), defined(made), file);
      compared++;
    } finally {
      tree.delete();
    }
  }
  assert.ok(compared >= 20, `${compared} files`);
});

test('an entry that is not whole, or is for another build, file or text, is not trusted', () => {
  const store = new SummaryStore(path.join(dir, 'b'), 'build-1');
  const file = '/p/a.go';
  const text = 'package p\n\nconst step = 0\n';
  const tree = parser.parse(text)!;
  const made = summaryOf(file, tree);
  tree.delete();
  store.put(file, text, made);
  assert.deepStrictEqual(store.get(file, text), defined(made));
  assert.equal(new SummaryStore(store.dir, 'build-2').get(file, text), undefined, 'another build');
  assert.equal(store.get('/p/b.go', text), undefined, 'another file');
  assert.equal(store.get(file, `${text}\n`), undefined, 'another text');
  const [entry] = fs.readdirSync(store.dir);
  const stored = fs.readFileSync(path.join(store.dir, entry), 'utf8');
  for (const broken of [stored.slice(0, -5), stored.replace('step', 'stop'), stored.replace(/\n/, ' '), '']) {
    fs.writeFileSync(path.join(store.dir, entry), broken);
    assert.equal(store.get(file, text), undefined, JSON.stringify(broken.slice(0, 60)));
  }
  // The file is summarised again and its entry overwritten.
  store.put(file, text, made);
  assert.deepStrictEqual(store.get(file, text), defined(made));
});

test('with a warm store, a package context parses none of the package\'s files, and is the same', () => {
  const pkg = path.join(dir, 'pkg');
  fs.mkdirSync(pkg);
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(pkg, `f${i}.go`), `package pkg\n\nconst step${i} = ${i}\n\nfunc next${i}(n int) int { return n + step${i} }\n`);
  const own = path.join(pkg, 'own.go');
  const ownText = 'package pkg\n\nfunc own() int { return next1(0) }\n';
  const ownTree = parser.parse(ownText)!;
  const ownSummary = summaryOf(own, ownTree);
  ownTree.delete();
  let parses = 0;
  const counting = new Proxy(parser, { get: (target, key) => (key === 'parse' ? (...args: Parameters<Parser['parse']>) => { parses++; return target.parse(...args); } : Reflect.get(target, key)) });
  const store = new SummaryStore(path.join(dir, 'c'), 'build-1');
  const cold = new PackageIndex(counting, store).contextFor(own, ownSummary);
  assert.equal(parses, 5, 'a cold store: every other file is parsed');
  const warm = new PackageIndex(counting, store).contextFor(own, ownSummary);
  assert.equal(parses, 5, 'a warm store: none is');
  assert.deepStrictEqual(defined(warm.constValue('step3')), defined(cold.constValue('step3')));
  assert.equal(Number(warm.constValue('step3')?.value), 3);
  assert.deepStrictEqual(defined([...warm.constants.entries()]), defined([...cold.constants.entries()]));
  assert.deepStrictEqual(defined([...warm.funcs.entries()]), defined([...cold.funcs.entries()]));
});
