// What the escape-analysis protocol tests share: temporary Go packages, fake go commands, and an
// LSP client that records the escape log, progress and inlay-hint refreshes the server sends.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import type { EscapeLogParams } from '../../server/src/protocol';
import { LspClient } from './lspClient';

/** Fails (never skips) when the real compiler is missing. */
export function requireGo(): string {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`these tests run the real Go compiler, and \`go version\` failed (${String(e)}). Install Go (Debian: apt-get install golang-go) and put it on PATH.`);
  }
}

/** A temporary module with the given files; returns its directory. */
export function tempPackage(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-lsp-escape-')));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/escapetest\n\ngo 1.19\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** An executable script standing in for go (the runner spawns it directly, without a shell). */
export function fakeGo(dir: string, body: string): string {
  const file = path.join(dir, 'fake-go');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

export const uriOf = (file: string): string => pathToFileURL(file).toString();

export interface ProgressEvent { token: string | number; value: { kind: string; title?: string; message?: string } }

/** An LSP client for escape tests: trusted or not, with progress and inlay-hint refresh support. */
export class EscapeClient extends LspClient {
  readonly logs: EscapeLogParams[] = [];
  readonly progress: ProgressEvent[] = [];
  refreshes = 0;
  private logWaiters: Array<{ test: (p: EscapeLogParams) => boolean; resolve: (p: EscapeLogParams) => void }> = [];

  constructor() {
    super();
    this.connection.onNotification('goOomLens/escapeLog', (p: EscapeLogParams) => {
      this.logs.push(p);
      for (const w of [...this.logWaiters]) {
        if (w.test(p)) {
          this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: ProgressEvent) => { this.progress.push(p); });
    this.connection.onRequest('workspace/inlayHint/refresh', () => { this.refreshes++; return null; });
  }

  /** Initializes with these `goOomLens` settings (sent at start and when asked for). */
  async start(settings: Record<string, unknown>, workspaceTrusted: boolean | undefined): Promise<void> {
    this.settings = { debounceMs: 0, ...settings };
    await this.initialize({ clientHandlesExplain: true, settings: this.settings, ...(workspaceTrusted === undefined ? {} : { workspaceTrusted }) }, {
      workspace: {
        configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true },
        codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true },
      },
      window: { workDoneProgress: true },
    });
  }

  /** The first escape-log notification from now on (or the `skip` first ones) that passes `test`. */
  escapeLog(test: (p: EscapeLogParams) => boolean = () => true, after = this.logs.length): Promise<EscapeLogParams> {
    const seen = this.logs.slice(after).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ test, resolve }));
  }

  hints(uri: string): Promise<InlayHint[]> {
    return this.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
  }

  async hover(uri: string, line: number, character: number): Promise<string> {
    const h = await this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return h ? (h.contents as MarkupContent).value : '';
  }

  save(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }
}

export const tooltipOf = (h: InlayHint): string => (typeof h.tooltip === 'string' ? h.tooltip : h.tooltip?.value ?? '');
export const labelOf = (h: InlayHint): string => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
