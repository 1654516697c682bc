// The package index reads a directory's listing and its files' stats once per window
// (DISK_FRESH_MS), not at every rebuild of the package context while typing; what the editor reports
// changed on disk is read again at once, and so is everything once the window has passed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { DISK_FRESH_MS, PackageIndex, summaryOf } from '../../server/src/features/packageIndex';
import { createGoParser } from '../../server/src/parser';

let parser: Parser;
let dir: string;
before(async () => {
  parser = await createGoParser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-disk-'));
});
after(() => {
  parser?.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

function summary(file: string, text: string): ReturnType<typeof summaryOf> {
  const tree = parser.parse(text)!;
  try {
    return summaryOf(file, tree);
  } finally {
    tree.delete();
  }
}

/** The value of constant `name` in the open file's package context after its summary changed (a rebuild). */
function rebuiltValue(index: PackageIndex, own: string, edit: number, name: string): number | undefined {
  const s = summary(own, `package p\n\nconst own${edit} = ${edit}\n`);
  index.setOpen(own, s);
  const v = index.contextFor(own, s).constValue(name);
  return v === undefined ? undefined : Number(v.value);
}

test('listings and stats are read once per window; a change the editor reports is read at once', () => {
  const sub = fs.mkdtempSync(path.join(dir, 'a-'));
  const own = path.join(sub, 'own.go');
  fs.writeFileSync(own, 'package p\n');
  fs.writeFileSync(path.join(sub, 'b.go'), 'package p\n\nconst step = 1\n');
  const index = new PackageIndex(parser);
  assert.equal(index.diskFreshMs, DISK_FRESH_MS);
  assert.equal(rebuiltValue(index, own, 1, 'step'), 1);
  // Within the window: a new file and a rewritten one are not seen by the next rebuilds…
  const c = path.join(sub, 'c.go');
  fs.writeFileSync(c, 'package p\n\nconst late = 7\n');
  fs.writeFileSync(path.join(sub, 'b.go'), 'package p\n\nconst step = 22\n');
  assert.equal(rebuiltValue(index, own, 2, 'late'), undefined, 'the listing is the one read before');
  assert.equal(rebuiltValue(index, own, 3, 'step'), 1, 'the stat is the one taken before');
  // …until the editor reports them.
  index.diskChanged(c);
  assert.equal(rebuiltValue(index, own, 4, 'late'), 7);
  index.diskChanged(path.join(sub, 'b.go'));
  assert.equal(rebuiltValue(index, own, 5, 'step'), 22);
});

test('past the window everything is read again', () => {
  const sub = fs.mkdtempSync(path.join(dir, 'b-'));
  const own = path.join(sub, 'own.go');
  fs.writeFileSync(path.join(sub, 'b.go'), 'package p\n\nconst step = 1\n');
  const index = new PackageIndex(parser);
  index.diskFreshMs = 0;
  assert.equal(rebuiltValue(index, own, 1, 'step'), 1);
  fs.writeFileSync(path.join(sub, 'c.go'), 'package p\n\nconst late = 7\n');
  // Same size, other content: the mtime tells (set explicitly, as a fast rewrite can keep it).
  fs.writeFileSync(path.join(sub, 'b.go'), 'package p\n\nconst step = 2\n');
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(path.join(sub, 'b.go'), later, later);
  assert.equal(rebuiltValue(index, own, 2, 'late'), 7);
  assert.equal(rebuiltValue(index, own, 3, 'step'), 2);
});

test('closing an open file compares it with the file as saved now, not with a stat from the window', () => {
  const sub = fs.mkdtempSync(path.join(dir, 'c-'));
  const own = path.join(sub, 'own.go');
  const first = 'package p\n\nconst step = 1\n';
  fs.writeFileSync(own, first);
  fs.writeFileSync(path.join(sub, 'b.go'), 'package p\n');
  const index = new PackageIndex(parser);
  const sib = path.join(sub, 'b.go');
  const bSummary = summary(sib, 'package p\n');
  // The sibling is open; own.go is read from disk (its stat taken now).
  index.setOpen(sib, bSummary);
  assert.equal(Number(index.contextFor(sib, bSummary).constValue('step')?.value), 1);
  // own.go is opened, edited and saved as edited, then closed: as saved, nothing changed for the package.
  const edited = 'package p\n\nconst step = 2000\n';
  index.setOpen(own, summary(own, edited));
  fs.writeFileSync(own, edited);
  assert.equal(index.closeOpen(own, true), false, 'the file as saved is the one that was open');
  assert.equal(Number(index.contextFor(sib, bSummary).constValue('step')?.value), 2000);
});
