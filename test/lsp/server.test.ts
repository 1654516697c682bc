// Protocol-level tests: the real bundled server over a real JSON-RPC connection (stdio).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { gofmt } from '../fixes/gofmt';
import { applyEdits, LspClient, repoRoot } from './lspClient';

const incidentPath = path.join(repoRoot, 'examples', 'incident', 'main.go');
const incidentUri = pathToFileURL(incidentPath).toString();
const incident = fs.readFileSync(incidentPath, 'utf8');
const lines = incident.split('\n');
const forLine = lines.findIndex((l) => l.includes('for i := 0; i < len(items); i += interval'));
const appendLine = lines.findIndex((l) => l.includes('demos = append(demos, newDemo())'));
const handlerLine = lines.findIndex((l) => l.startsWith('func handler('));

const byRule = (ds: Diagnostic[], rule: string): Diagnostic | undefined => ds.find((d) => d.code === rule);
const hasLoopFindings = (ds: Diagnostic[]): boolean => !!byRule(ds, 'zero-step-loop') && !!byRule(ds, 'unbounded-append');

describe('the language server over JSON-RPC', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize();
    assert.equal(typeof init.capabilities.textDocumentSync === 'object' && init.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.codeLensProvider);
    assert.deepEqual((init.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix']);
    assert.equal(init.capabilities.executeCommandProvider, undefined, 'the VS Code client opens explanations itself');
  });
  after(async () => client?.stop());

  test('opening the incident code publishes its findings', async () => {
    const published = client.diagnosticsFor(incidentUri, 1, hasLoopFindings);
    await client.open(incidentUri, incident);
    const { diagnostics } = await published;
    const loop = byRule(diagnostics, 'zero-step-loop')!;
    assert.equal(loop.range.start.line, forLine);
    assert.equal(loop.severity, 2, 'a possible zero step is a warning');
    assert.equal(loop.source, 'go-oom-lens');
    assert.match(loop.codeDescription?.href ?? '', /^file:\/\/\/.*\/docs\/rules\/zero-step-loop\.md$/, 'links to the rule documentation');
    assert.match(String(loop.message), /interval/);
    assert.ok(loop.relatedInformation?.some((r) => r.location.uri === incidentUri && r.location.range.start.line === forLine - 2), 'related: where interval comes from');
    // data names the rule and the version; the fixes are built when a code action asks for them, not sent with every publish.
    assert.deepEqual(loop.data, { rule: 'zero-step-loop', version: 1 });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: incidentUri }, range: loop.range, context: { diagnostics: [loop] } });
    assert.ok(actions.some((a) => a.isPreferred), `a preferred fix: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.every((a) => a.diagnostics?.[0]?.code === 'zero-step-loop'), 'each action names its diagnostic');
    const grow = byRule(diagnostics, 'unbounded-append')!;
    assert.equal(grow.range.start.line, appendLine);
    assert.equal(grow.severity, 2);
  });

  test('hover on the loop explains where the step comes from and what grows', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: incidentUri }, position: { line: forLine, character: lines[forLine].indexOf('for') + 1 } });
    const md = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    // VS Code shows the diagnostic (rule, message) above the hover: the hover does not repeat it.
    assert.doesNotMatch(md, /zero-step-loop|This loop may never end/);
    const link = `[Why OOM, not stack overflow? — the full explanation](command:goOomLens.showExplanation?${encodeURIComponent(JSON.stringify([incidentUri, handlerLine]))})`;
    assert.ok(md.includes(link), `no link to the explanation of handler:\n${md}`);
    // Where interval comes from is the diagnostic's related location, shown above: not again here.
    assert.doesNotMatch(md, /getInterval/);
    assert.match(md, /When it is 0/);
    assert.match(md, /`demos`/);
    assert.match(md, /64 B per iteration/, 'Demo is string (16) + time.Time (24) + []byte (24)');
    assert.match(md, /SIGKILL \(exit 137\)/);
  });

  test('hover on the append explains the growth; elsewhere there is none', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: incidentUri }, position: { line: appendLine, character: lines[appendLine].indexOf('append') } });
    assert.match((hover.contents as MarkupContent).value, /`demos` gains 1 × `Demo` = 64 B per iteration/);
    const none = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: incidentUri }, position: { line: 0, character: 3 } });
    assert.equal(none, null);
  });

  test('the code lens opens an explanation of this function', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: incidentUri } });
    const lens = lenses.find((l) => l.range.start.line === handlerLine);
    assert.ok(lens, `a lens above handler: ${JSON.stringify(lenses)}`);
    assert.equal(lens.command?.title, 'Why OOM, not stack overflow?');
    assert.equal(lens.command?.command, 'goOomLens.showExplanation');
    assert.deepEqual(lens.command?.arguments, [incidentUri, handlerLine]);
    const result = await client.request<{ title: string; markdown: string }>('goOomLens/explain', { uri: incidentUri, line: handlerLine });
    assert.match(result.title, /handler/);
    const md = result.markdown;
    assert.match(md, /# Why `handler` is OOM-killed/);
    assert.match(md, /\*\*64 B\*\*/);
    assert.match(md, /\| `Created` \| `time.Time` \| 16 \| 24 \|/);
    assert.match(md, /growslice/);
    assert.match(md, /After about [\d,]+ iterations/);
    assert.match(md, /data:image\/svg\+xml;base64,/);
    assert.match(md, /GOMEMLIMIT/);
    assert.match(md, /exit status 137/);
    assert.match(md, /Go 1\.18/);
  });

  test('the preferred quick fix guards the loop and leaves gofmt-clean code', async () => {
    const { diagnostics } = await client.diagnosticsFor(incidentUri, 1, hasLoopFindings);
    const loop = byRule(diagnostics, 'zero-step-loop')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: incidentUri }, range: loop.range, context: { diagnostics: [loop] } });
    assert.ok(actions.length >= 2, JSON.stringify(actions.map((a) => a.title)));
    const preferred = actions[0];
    assert.equal(preferred.isPreferred, true);
    assert.equal(preferred.kind, 'quickfix');
    const change = preferred.edit?.documentChanges?.[0] as { textDocument: { uri: string; version: number }; edits: Parameters<typeof applyEdits>[1] };
    assert.deepEqual(change.textDocument, { uri: incidentUri, version: 1 });
    const fixed = applyEdits(incident, change.edits);
    assert.match(fixed, /\tif interval <= 0 \{\n\t\treturn nil\n\t\}\n\tfor i := 0; i < len\(items\); i \+= interval \{/);
    assert.equal(gofmt(fixed), fixed);
    const titles = actions.map((a) => a.title).join('\n');
    assert.match(titles, /Clamp `interval`/);
  });

  test('incremental edits: fix the loop, break it again — the diagnostics follow', async () => {
    const post = lines[forLine].indexOf('i += interval');
    const range = { start: { line: forLine, character: post }, end: { line: forLine, character: post + 'i += interval'.length } };
    const fixedP = client.diagnosticsFor(incidentUri, 2);
    await client.change(incidentUri, 2, [{ range, text: 'i++' }]);
    const fixed = await fixedP;
    assert.equal(byRule(fixed.diagnostics, 'zero-step-loop'), undefined);
    assert.equal(byRule(fixed.diagnostics, 'unbounded-append'), undefined);

    // Two changes in one notification, the second against the text after the first: break it with a literal 0.
    const brokenP = client.diagnosticsFor(incidentUri, 3, (ds) => !!byRule(ds, 'zero-step-loop'));
    const shortRange = { start: { line: forLine, character: post }, end: { line: forLine, character: post + 'i++'.length } };
    await client.change(incidentUri, 3, [
      { range: shortRange, text: 'i += 1' },
      { range: { start: { line: forLine, character: post + 'i += '.length }, end: { line: forLine, character: post + 'i += 1'.length } }, text: '0' },
    ]);
    const broken = await brokenP;
    const loop = byRule(broken.diagnostics, 'zero-step-loop')!;
    assert.equal(loop.severity, 1, 'a literal zero step is certain: an error');
    assert.equal(loop.range.start.line, forLine);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: incidentUri }, range: loop.range, context: { diagnostics: [loop] } });
    const edits = (actions[0].edit?.documentChanges?.[0] as { edits: Parameters<typeof applyEdits>[1] }).edits;
    const text3 = incident.replace('i += interval', 'i += 0');
    assert.match(applyEdits(text3, edits), /for i := 0; i < len\(items\); i\+\+ \{/);

    // Lines inserted above: the findings move with them, and so do their related locations.
    const movedP = client.diagnosticsFor(incidentUri, 4, (ds) => !!byRule(ds, 'zero-step-loop'));
    await client.change(incidentUri, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n// two\n' }]);
    const moved = await movedP;
    assert.equal(byRule(moved.diagnostics, 'zero-step-loop')!.range.start.line, forLine + 2);
    assert.equal(byRule(moved.diagnostics, 'unbounded-append')!.range.start.line, appendLine + 2);

    // An editor that moved an older diagnostic along with the edits gets fixes for the current text.
    const old = byRule(broken.diagnostics, 'zero-step-loop')!;
    const shifted = { ...old, range: { start: { line: old.range.start.line + 2, character: old.range.start.character }, end: { line: old.range.end.line + 2, character: old.range.end.character } } };
    const current = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: incidentUri }, range: shifted.range, context: { diagnostics: [shifted] } });
    assert.equal((current[0].edit?.documentChanges?.[0] as { textDocument: { version: number } }).textDocument.version, 4);

    // Restore the original text for the remaining tests.
    const restoredP = client.diagnosticsFor(incidentUri, 5, hasLoopFindings);
    await client.change(incidentUri, 5, [{ text: incident }]);
    await restoredP;
  });

  test('a configuration change re-publishes with the new settings; bad values are reported', async () => {
    const errorP = client.diagnosticsFor(incidentUri, 5, (ds) => byRule(ds, 'zero-step-loop')?.severity === 1);
    await client.configure({ debounceMs: 0, rules: { 'zero-step-loop': 'error', 'unbounded-append': 'off' } });
    const { diagnostics } = await errorP;
    assert.equal(byRule(diagnostics, 'unbounded-append'), undefined);

    const certainP = client.diagnosticsFor(incidentUri, 5, (ds) => ds.length === 0);
    await client.configure({ debounceMs: 0, report: 'certain' });
    await certainP;

    const backP = client.diagnosticsFor(incidentUri, 5, hasLoopFindings);
    await client.configure({ debounceMs: 0, memoryLimit: 'a lot', codeLens: { enabled: false } });
    await backP;
    const warning = await client.message((m) => /goOomLens\.memoryLimit/.test(m.message));
    assert.equal(warning.type, 2);
    assert.match(warning.message, /"a lot" is not a memory size.*"1GiB"/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: incidentUri } });
    assert.deepEqual(lenses, []);
    await client.configure({ debounceMs: 0 });
  });

  test('the same settings again (pulled after initialize, or another section changed) analyse nothing again', async () => {
    // A hover runs any analysis still pending, so the count after it includes what a configuration caused.
    const fullPasses = async (): Promise<number> => {
      await client.request('textDocument/hover', { textDocument: { uri: incidentUri }, position: { line: 0, character: 0 } });
      return (await client.request<{ work: { fullPasses: number } }>('goOomLens/serverStats', null)).work.fullPasses;
    };
    // Until the server has pulled the settings of every configuration change sent so far (the last
    // test's too): no pull for 50 ms after the last one.
    const settled = async (): Promise<void> => {
      let seen;
      do {
        seen = client.configurationRequests;
        await new Promise((r) => setTimeout(r, 50));
      } while (client.configurationRequests !== seen);
    };
    const configured = async (settings: Record<string, unknown>): Promise<void> => {
      const asked = client.configurationRequests;
      await client.configure(settings);
      while (client.configurationRequests === asked) await new Promise((r) => setTimeout(r, 5));
      await settled();
    };
    await settled();
    const before = await fullPasses();
    await configured({ debounceMs: 0 });
    await configured({ debounceMs: 0 });
    assert.equal(await fullPasses(), before);
    await configured({ debounceMs: 0, report: 'certain' });
    assert.equal(await fullPasses(), before + 1);
    await configured({ debounceMs: 0 });
    assert.equal(await fullPasses(), before + 2);
  });
});

test('deleting a declaration that a finding relied on updates the finding', { timeout: 30_000 }, async () => {
  const c = new LspClient();
  try {
    await c.initialize();
    const uri = 'untitled:Untitled-9';
    const text = 'package p\n\nfunc getInterval() int {\n\treturn 0\n}\n\nfunc run(n int) []int {\n\tvar out []int\n\tfor i := 0; i < n; i += getInterval() {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n';
    const certain = c.diagnosticsFor(uri, 1, (ds) => byRule(ds, 'zero-step-loop')?.severity === 1);
    await c.open(uri, text);
    await certain;
    // Delete getInterval (lines 3-5, keeping the blank line after it): nothing says it returns 0 any more,
    // and a function this package does not define is no evidence of a zero, so the error goes.
    const possible = c.diagnosticsFor(uri, 2, (ds) => byRule(ds, 'zero-step-loop') === undefined);
    await c.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 5, character: 0 } }, text: '' }]);
    await possible;
  } finally {
    await c.stop();
  }
});

describe('package context', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'go-oom-lens-pkg-'));
    fs.writeFileSync(path.join(dir, 'config.go'), 'package batch\n\nconst step = 0\n');
    fs.writeFileSync(path.join(dir, 'other.go'), 'package other_test\n\nconst step = 4\n');
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const loopText = 'package batch\n\nfunc pages(n int) []int {\n\tvar out []int\n\tfor i := 0; i < n; i += step {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n';

  test('constants come from unopened files on disk and from open siblings, and a sibling edit re-analyses', async () => {
    const loopUri = pathToFileURL(path.join(dir, 'loop.go')).toString();
    const fromDisk = client.diagnosticsFor(loopUri, 1, (ds) => byRule(ds, 'zero-step-loop')?.severity === 1);
    await client.open(loopUri, loopText);
    const d = await fromDisk;
    assert.match(String(byRule(d.diagnostics, "zero-step-loop")!.message), /step/);
    assert.ok(byRule(d.diagnostics, 'zero-step-loop')!.relatedInformation?.some((r) => r.location.uri.endsWith('/config.go')), 'related location in the sibling file');

    // Open config.go and change the constant without saving: loop.go is analysed again.
    const configUri = pathToFileURL(path.join(dir, 'config.go')).toString();
    await client.open(configUri, 'package batch\n\nconst step = 0\n');
    const cleared = client.diagnostics(loopUri, (p) => p.diagnostics.length === 0);
    await client.change(configUri, 2, [{ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 14 } }, text: '8' }]);
    await cleared;

    // Closing it without saving: the disk version (0) counts again.
    const again = client.diagnostics(loopUri, (p) => byRule(p.diagnostics, 'zero-step-loop')?.severity === 1);
    await client.close(configUri);
    await again;
  });

  test('a lens that a sibling edit removes is refreshed; an edit of the file itself needs no refresh (the editor asks)', async () => {
    const pkg = fs.mkdtempSync(path.join(dir, 'lens-'));
    fs.writeFileSync(path.join(pkg, 'config.go'), 'package batch\n\nconst step = 0\n');
    const loopUri = pathToFileURL(path.join(pkg, 'loop.go')).toString();
    const configUri = pathToFileURL(path.join(pkg, 'config.go')).toString();
    // The server writes in order: when a lens answer arrives, any refresh sent before it has been counted.
    const lensTitles = async (uri: string) => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => l.command?.title);
    const flagged = client.diagnosticsFor(loopUri, 1, (ds) => !!byRule(ds, 'zero-step-loop'));
    await client.open(loopUri, loopText);
    await flagged;
    assert.deepEqual(await lensTitles(loopUri), ['Why OOM, not stack overflow?']);
    const before = client.codeLensRefreshes;

    // config.go's step becomes 8: loop.go (still version 1) loses its finding, and the editor, which saw no edit of loop.go, is told.
    await client.open(configUri, 'package batch\n\nconst step = 0\n');
    const cleared = client.diagnostics(loopUri, (p) => p.diagnostics.length === 0);
    await client.change(configUri, 2, [{ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 14 } }, text: '8' }]);
    await cleared;
    assert.deepEqual(await lensTitles(loopUri), []);
    // At least one: the server is shared with the earlier tests, whose closing files may still send one.
    assert.ok(client.codeLensRefreshes >= before + 1, 'a workspace/codeLens/refresh after the sibling edit');

    // Back to 0, then an edit of loop.go itself removes the finding: the editor asks for lenses after its own edits.
    const back = client.diagnostics(loopUri, (p) => !!byRule(p.diagnostics, 'zero-step-loop'));
    await client.change(configUri, 3, [{ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 14 } }, text: '0' }]);
    await back;
    assert.deepEqual(await lensTitles(loopUri), ['Why OOM, not stack overflow?']);
    const refreshes = client.codeLensRefreshes;
    const loopLine = loopText.split('\n').findIndex((l) => l.includes('i += step'));
    const col = loopText.split('\n')[loopLine].indexOf('step {');
    const fixed = client.diagnosticsFor(loopUri, 2, (ds) => ds.length === 0);
    await client.change(loopUri, 2, [{ range: { start: { line: loopLine, character: col }, end: { line: loopLine, character: col + 4 } }, text: '1' }]);
    await fixed;
    assert.deepEqual(await lensTitles(loopUri), []);
    assert.equal(client.codeLensRefreshes, refreshes, 'no refresh for an edit of the file itself');
    await client.close(configUri);
    await client.close(loopUri);
  });

  test('a server without the VS Code client offers the explanation command itself', async () => {
    const other = new LspClient();
    try {
      const init = await other.initialize({}, { window: { showDocument: { support: true } } });
      assert.deepEqual(init.capabilities.executeCommandProvider?.commands, ['goOomLens.showExplanation']);
      const published = other.diagnosticsFor(incidentUri, 1, hasLoopFindings);
      await other.open(incidentUri, incident);
      await published;
      const result = await other.request<{ markdown: string } | null>('workspace/executeCommand', { command: 'goOomLens.showExplanation', arguments: [incidentUri, handlerLine] });
      assert.match(result?.markdown ?? '', /Why `handler` is OOM-killed/);
    } finally {
      await other.stop();
    }
  });
});

test('`go-oom-lens lsp --stdio` serves the same language server', async () => {
  const cli = new LspClient([path.join(repoRoot, 'dist', 'cli.js'), 'lsp', '--stdio']);
  try {
    const init = await cli.initialize({});
    assert.equal(init.serverInfo?.name, 'go-oom-lens');
    assert.equal(init.serverInfo?.version, JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version, 'the server names its version');
    const published = cli.diagnosticsFor(incidentUri, 1, hasLoopFindings);
    await cli.open(incidentUri, incident);
    await published;
  } finally {
    await cli.stop();
  }
});

test('editors without workspace/configuration pass settings as initialization options (Helix-style)', async () => {
  const helix = new LspClient();
  try {
    await helix.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { goOomLens: { debounceMs: 0, rules: { 'zero-step-loop': 'error' } } },
    });
    await helix.connection.sendNotification('initialized', {});
    const published = helix.diagnosticsFor(incidentUri, 1, (ds) => byRule(ds, 'zero-step-loop')?.severity === 1);
    await helix.open(incidentUri, incident);
    await published;
    assert.equal(helix.configurationRequests, 0);
  } finally {
    await helix.stop();
  }
});

test('a client that takes plain text only (eglot-style) gets a plain-text hover, with the message once', async () => {
  const eglot = new LspClient();
  try {
    await eglot.initialize({}, { textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['plaintext'] } } }, { clientInfo: { name: 'Eglot', version: '1.12' } });
    const published = eglot.diagnosticsFor(incidentUri, 1, hasLoopFindings);
    await eglot.open(incidentUri, incident);
    const { diagnostics } = await published;
    const hover = await eglot.request<Hover>('textDocument/hover', { textDocument: { uri: incidentUri }, position: { line: forLine, character: lines[forLine].indexOf('for') + 1 } });
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'plaintext');
    const text = contents.value;
    const message = String(byRule(diagnostics, 'zero-step-loop')?.message);
    assert.equal(text.split(message.replace(/`([^`]*)`/g, '“$1”')).length - 1, 1, `the message once:\n${text}`);
    assert.match(text, /“interval” comes from “getInterval\(\)” \(main\.go:\d+\)/);
    assert.match(text, /Full explanation: the code lens “Why OOM, not stack overflow\?” above “handler”/);
    assert.doesNotMatch(text, /\*\*|`|\]\(|file:\/\//, 'no markdown left');
  } finally {
    await eglot.stop();
  }
});

test('an edit to a call updates what the callers pass (the per-declaration summary replaces its call sites)', { timeout: 30_000 }, async () => {
  const c = new LspClient();
  try {
    await c.initialize();
    const uri = 'untitled:Untitled-callers';
    const text = 'package p\n\nfunc everyNth(items []int, stride int) []int {\n\tvar out []int\n\tfor i := 0; i < len(items); i += stride {\n\t\tout = append(out, items[i])\n\t}\n\treturn out\n}\n\nfunc evens(items []int) []int { return everyNth(items, 2) }\n';
    const clean = c.diagnosticsFor(uri, 1, () => true);
    await c.open(uri, text);
    assert.equal(byRule((await clean).diagnostics, 'zero-step-loop'), undefined, 'every caller passes 2');
    // The caller now passes its own parameter: the stride can be 0 again.
    const line = 10;
    const col = text.split('\n')[line].indexOf('2)');
    const flagged = c.diagnosticsFor(uri, 2, (ds) => byRule(ds, 'zero-step-loop')?.severity === 2);
    await c.change(uri, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: 'len(items)-len(items)' }]);
    await flagged;
  } finally {
    await c.stop();
  }
});
