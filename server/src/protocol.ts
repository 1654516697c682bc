// Custom requests and commands shared by the server and the VS Code client.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export interface ExplainParams {
  uri: string;
  /** 0-based line of the function (or of any line inside it). */
  line: number;
}

export interface ExplainResult {
  title: string;
  markdown: string;
}

/** Builds the explanation of one function ("Why OOM, not stack overflow?"). */
export const explainRequest = new RequestType<ExplainParams, ExplainResult | null, void>('goOomLens/explain');

/** Command ids (all under the `goOomLens.` prefix). */
export const commands = {
  /** Opens the explanation of a function; arguments: uri, line. Handled by the VS Code client, or by the server for other editors. */
  showExplanation: 'goOomLens.showExplanation',
  restartServer: 'goOomLens.restartServer',
  /** Shows or hides the escape-analysis inlay hints (VS Code client only). */
  toggleEscapeHints: 'goOomLens.toggleEscapeHints',
} as const;

/** One run of the Go compiler's escape analysis, for the escape-log output channel. */
export interface EscapeLogParams {
  /** The package directory the go command ran in. */
  packageDir: string;
  /** The command line (the temporary overlay file is shown as `-overlay=…`). */
  command: string[];
  /** Unsaved buffers analysed instead of their files on disk (absolute paths). */
  overlay: string[];
  outcome: 'ok' | 'failed' | 'go-not-found' | 'timeout';
  /** One-line summary (`12 escape facts`, `package does not compile: …`). */
  message: string;
  /** The compiler's output, overlay paths mapped back to the files they stand for. */
  log: string;
  durationMs: number;
}

/** Server → client after each compiler run that was not superseded or cancelled. */
export const escapeLogNotification = new NotificationType<EscapeLogParams>('goOomLens/escapeLog');

export interface WorkspaceTrustParams { trusted: boolean }

/** Client → server when the editor's workspace trust changes (VS Code: trust granted). */
export const workspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('goOomLens/workspaceTrust');

/** The source of every diagnostic. */
export const diagnosticSource = 'go-oom-lens';

/** Initialization options a client may send. */
export interface InitializationOptions {
  /** The client opens explanations itself (the VS Code extension does); otherwise the server offers the command. */
  clientHandlesExplain?: boolean;
  /** Settings for clients that do not answer workspace/configuration (`settings` or, as Helix sends its `config`, `goOomLens`). */
  settings?: unknown;
  goOomLens?: unknown;
  /**
   * Whether the workspace is trusted, so the Go toolchain may run (escape analysis). Absent means
   * untrusted: the VS Code client sends `vscode.workspace.isTrusted`; other editors opt in by
   * setting it in their language-server configuration (not in a workspace's settings).
   */
  workspaceTrusted?: boolean;
}
