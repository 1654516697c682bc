// The explanation preview's line links: `file:` links of the server rewritten into paths from the
// first workspace folder, which VS Code's markdown preview opens at the line (in code-server too).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { previewLinks } from '../../client/src/previewLinks';

const root = 'file:///work/my%20ws';
const rewrite = (markdown: string) => previewLinks(markdown, root, 'code-oss');

/** The file a rewritten link opens: the markdown extension joins a `/…` link to the folder's path (and normalises `..`). */
function opened(link: string, folder = '/work/my ws'): { file: string; line: number } {
  const m = /^\]\((\/[^)#]*)#L(\d+)\)$/.exec(link);
  assert.ok(m, `not a folder path with a line: ${link}`);
  return { file: path.posix.join(folder, decodeURIComponent(m[1])), line: Number(m[2]) };
}
const linkOf = (markdown: string) => /\]\([^)]*\)/.exec(markdown)?.[0] ?? '';

test('a file in the folder: a path from the folder with the line fragment', () => {
  assert.equal(rewrite('- [line 19](file:///work/my%20ws/handler.go#L19): `for …`'), '- [line 19](/handler.go#L19): `for …`');
  assert.deepEqual(opened(linkOf(rewrite('[x](file:///work/my%20ws/sub/a.go#L3)'))), { file: '/work/my ws/sub/a.go', line: 3 });
});

test('a file outside the folder: `..` climbs out of it and lands on the file', () => {
  const out = rewrite('[getInterval](file:///work/lib/config.go#L7)');
  assert.equal(out, '[getInterval](/../lib/config.go#L7)');
  assert.deepEqual(opened(linkOf(out)), { file: '/work/lib/config.go', line: 7 });
});

test('spaces, parentheses, # and ? in names are encoded so the markdown link stays one link', () => {
  const out = rewrite('[a](file:///work/my%20ws/x%20(1)/b%23c%3F.go#L2) and [b](file:///work/my%20ws/d.go#L4)');
  assert.equal(out, '[a](/x%20%281%29/b%23c%3F.go#L2) and [b](/d.go#L4)');
  assert.deepEqual(opened(linkOf(out)), { file: '/work/my ws/x (1)/b#c?.go', line: 2 });
});

test('Windows drives: the colon stays, another drive is reached through `..`', () => {
  const out = previewLinks('[l](file:///d:/src/a.go#L5)', 'file:///c%3A/ws', 'vscode');
  assert.deepEqual(opened(linkOf(out), '/c:/ws'), { file: '/d:/src/a.go', line: 5 });
});

test('no folder, or one on another host: the editor\'s own scheme (the desktop follows it)', () => {
  assert.equal(previewLinks('[l](file:///tmp/a%20b.go#L12)', undefined, 'code-oss'), '[l](code-oss://file/tmp/a%20b.go:12)');
  assert.equal(rewrite('[l](file://server/share/a.go#L1)'), '[l](code-oss://file//server/share/a.go:1)');
  assert.equal(previewLinks('[l](file:///c:/x/a.go#L2)', undefined, 'vscode'), '[l](vscode://file/c:/x/a.go:2)');
});

test('other links and file links without a line are left alone', () => {
  const text = '[doc](https://go.dev/doc/gc-guide#GOGC) [run](command:goOomLens.showExplanation) [f](file:///work/my%20ws/a.go)';
  assert.equal(rewrite(text), text);
  assert.equal(rewrite('[f](file:///w/a.go)[g](file:///work/my%20ws/b.go#L3)'), '[f](file:///w/a.go)[g](/b.go#L3)');
});
