// Settings: package.json and the server agree on keys and defaults; bad values fall back with a message.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ruleIds } from '../../server/src/analysis/registry';
import { defaultOf, defaultSettings, parseMemorySize, readSettings, ruleSettingValues, settingKeys } from '../../server/src/settings';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; enum?: unknown[]; type: string }> = manifest.contributes.configuration.properties;

test('package.json declares exactly the settings the server reads, with the same defaults', () => {
  const declared = Object.keys(properties).map((k) => k.replace(/^goOomLens\./, '')).sort();
  assert.deepEqual(declared, settingKeys().sort());
  for (const key of settingKeys()) {
    assert.deepEqual(properties[`goOomLens.${key}`].default, defaultOf(key), `default of goOomLens.${key}`);
  }
  for (const id of ruleIds) assert.deepEqual(properties[`goOomLens.rules.${id}`].enum, ruleSettingValues);
  for (const key of Object.keys(properties)) assert.ok(key.startsWith('goOomLens.'), key);
});

test('the manifest reserves the escape-analysis settings and restricts goPath in untrusted workspaces', () => {
  assert.deepEqual(properties['goOomLens.escape.mode'].enum, ['off', 'compiler', 'predicted', 'auto']);
  assert.equal(properties['goOomLens.escape.mode'].default, 'auto');
  assert.equal(properties['goOomLens.goPath'].default, '');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces, {
    supported: 'limited',
    description: manifest.capabilities.untrustedWorkspaces.description,
    restrictedConfigurations: ['goOomLens.goPath'],
  });
  assert.deepEqual(manifest.activationEvents, ['onLanguage:go']);
  // Beside the official Go extension: no Go language or Go grammar of our own.
  for (const l of manifest.contributes.languages ?? []) assert.notEqual(l.id, 'go');
  for (const g of manifest.contributes.grammars ?? []) {
    assert.notEqual(g.language, 'go');
    assert.notEqual(g.scopeName, 'source.go');
  }
  for (const c of manifest.contributes.commands) assert.match(c.command, /^goOomLens\./);
});

test('memory sizes accept binary and decimal units', () => {
  assert.equal(parseMemorySize('1GiB'), 1024 ** 3);
  assert.equal(parseMemorySize('512MiB'), 512 * 1024 ** 2);
  assert.equal(parseMemorySize('2GB'), 2e9);
  assert.equal(parseMemorySize('1.5g'), 1.5 * 1024 ** 3);
  assert.equal(parseMemorySize('256Mi'), 256 * 1024 ** 2);
  assert.equal(parseMemorySize('1048576'), 1048576);
  assert.equal(parseMemorySize(' 64 KiB '), 65536);
  assert.equal(parseMemorySize('lots'), undefined);
  assert.equal(parseMemorySize('1 gigabyte'), undefined);
  assert.equal(parseMemorySize('0'), undefined);
  assert.equal(parseMemorySize('-1GiB'), undefined);
});

test('valid settings are read, nested as VS Code sends them or flat', () => {
  const { settings, problems } = readSettings({
    rules: { 'zero-step-loop': 'error', 'unbounded-growth': 'off', 'infinite-recursion': false },
    report: 'certain',
    memoryLimit: '512MiB',
    codeLens: { enabled: false },
    'hover.enabled': false,
    debounceMs: 0,
    trace: { server: 'verbose' },
    escape: { mode: 'predicted' },
    goPath: '/usr/local/go/bin/go',
  });
  assert.deepEqual(problems, []);
  assert.equal(settings.rules['zero-step-loop'], 'error');
  assert.equal(settings.rules['unbounded-growth'], 'off');
  assert.equal(settings.rules['infinite-recursion'], 'off');
  assert.equal(settings.rules['unbounded-append'], 'default');
  assert.equal(settings.report, 'certain');
  assert.equal(settings.memoryLimitBytes, 512 * 1024 ** 2);
  assert.equal(settings.codeLens.enabled, false);
  assert.equal(settings.hover.enabled, false);
  assert.equal(settings.debounceMs, 0);
  assert.equal(settings.trace.server, 'verbose');
  assert.equal(settings.escape.mode, 'predicted');
  assert.equal(settings.goPath, '/usr/local/go/bin/go');
});

test('invalid values fall back to the defaults with a message naming the setting', () => {
  const { settings, problems } = readSettings({
    rules: { 'zero-step-loop': 'loud', 'no-such-rule': 'error' },
    report: 'some',
    memoryLimit: '1 gigabyte',
    codeLens: { enabled: 'yes' },
    debounceMs: -5,
    escape: { mode: 'maybe' },
  });
  const d = defaultSettings();
  assert.equal(settings.rules['zero-step-loop'], 'default');
  assert.equal(settings.report, d.report);
  assert.equal(settings.memoryLimitBytes, d.memoryLimitBytes);
  assert.equal(settings.codeLens.enabled, true);
  assert.equal(settings.debounceMs, d.debounceMs);
  assert.equal(settings.escape.mode, 'auto');
  const text = problems.join('\n');
  for (const key of ['rules.zero-step-loop', 'rules.no-such-rule', 'report', 'memoryLimit', 'codeLens.enabled', 'debounceMs', 'escape.mode']) {
    assert.match(text, new RegExp(`goOomLens\\.${key.replace(/\./g, '\\.')}\\b`), key);
  }
  assert.match(text, /"1 gigabyte" is not a memory size.*using "1GiB"/);
});

test('no section means the defaults', () => {
  assert.deepEqual(readSettings(undefined), { settings: defaultSettings(), problems: [] });
  assert.deepEqual(readSettings(null).settings, defaultSettings());
});
