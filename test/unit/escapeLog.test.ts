// The escape-log output channel's text and the escape settings' validation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeLogText } from '../../client/src/escapeLog';
import { readSettings } from '../../server/src/settings';

test('one run in the output channel: the command, the log, a summary', () => {
  const text = escapeLogText({
    packageDir: '/work/my pkg',
    command: ['go', 'list', '-export', '-f', '{{.Export}}', '-gcflags=-m=2', '-overlay=…', '.'],
    overlay: ['/work/my pkg/main.go'],
    outcome: 'ok',
    message: '1 escape facts',
    log: '# example.com/m\n./main.go:7:2: moved to heap: t\n',
    durationMs: 1234,
  });
  assert.equal(text, [
    "$ cd '/work/my pkg' && go list -export -f '{{.Export}}' -gcflags=-m=2 -overlay=… .",
    '# example.com/m',
    './main.go:7:2: moved to heap: t',
    '(ok: 1 escape facts, 1.2 s; unsaved buffers analysed: main.go)',
    '',
  ].join('\n'));
});

test('escape.timeoutMs: 500 to 600000 ms, else the default with a message', () => {
  assert.equal(readSettings({ escape: { timeoutMs: 2000 } }).settings.escape.timeoutMs, 2000);
  assert.equal(readSettings({ 'escape.timeoutMs': 1500.4 }).settings.escape.timeoutMs, 1500);
  const bad = readSettings({ escape: { mode: 'compiler', timeoutMs: 10 } });
  assert.equal(bad.settings.escape.timeoutMs, 60_000);
  assert.equal(bad.settings.escape.mode, 'compiler');
  assert.deepEqual(bad.problems, ['goOomLens.escape.timeoutMs: 10 is not a number of milliseconds from 500 to 600000; using 60000.']);
});
