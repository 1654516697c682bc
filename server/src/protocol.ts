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
  /** Heap profiles (VS Code client only): pick a file, fetch from a running program, close. */
  openHeapProfile: 'goOomLens.openHeapProfile',
  fetchHeapProfile: 'goOomLens.fetchHeapProfile',
  closeHeapProfile: 'goOomLens.closeHeapProfile',
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

/** What the server holds, for tests and benchmarks (not used by the editor). */
export interface ServerStats {
  /** Open documents. */
  documents: string[];
  /** Documents whose tree-sitter tree is kept. */
  trees: string[];
  /** Trees parsed and not deleted yet, kept by anyone (WASM memory). */
  liveTrees: number;
  /** Documents the escape analysis keeps state for (texts, predictions). */
  escapeDocuments: string[];
  /** Analysis work since the server started: whole-file passes, and top-level declarations analysed (in those passes too). */
  work: AnalysisWork;
  /** process.memoryUsage() when asked (WASM memory counts in arrayBuffers). */
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

/** Tests and benchmarks: what the server holds now. */
export interface AnalysisWork {
  fullPasses: number;
  declarations: number;
  /** Files not open that were parsed for their package summaries, and those whose summaries were read from the store instead. */
  filesSummarised?: number;
  summariesStored?: number;
}

export const serverStatsRequest = new RequestType<null, ServerStats, void>('goOomLens/serverStats');

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

// ---------------------------------------------------------------- heap profiles

export interface OpenProfileParams {
  /** The profile file (a local path; a fetched profile is saved to a file first). */
  path: string;
  /** What messages call it (the URL it was fetched from); default: the path. */
  source?: string;
}

/** One line of the "Heap profile" tree. */
export interface ProfileTreeLine {
  uri: string;
  /** 0-based line in the file as it is now. */
  line: number;
  /** `▲ 9.2 MiB in use · 98%`, and the amount it stands for (of the summary's sample type). */
  label: string;
  value: number;
  /** A finding covers this line (a flagged append or loop). */
  flagged: boolean;
}

/** One function of the tree, with its lines (hottest first). */
export interface ProfileTreeFunction {
  /** As the profile names it, without the package path (`main.handler`). */
  name: string;
  label: string;
  value: number;
  lines: ProfileTreeLine[];
}

/** What an opened profile charges to the workspace, for the current sample type. */
export interface ProfileSummary {
  source: string;
  sampleType: string;
  /** `inuse_space: 9.4 MiB in all; 9.4 MiB (100%) allocated by workspace code`. */
  headline: string;
  functions: ProfileTreeFunction[];
  /** Files of the profile (outside the standard library) that match no workspace file. */
  unmatchedFiles: number;
}

export type OpenProfileResult = { ok: true; summary: ProfileSummary } | { ok: false; message: string };

/** Opens a heap profile (replacing an open one); its figures appear as inlay hints, hovers, lenses and explanations. */
export const openProfileRequest = new RequestType<OpenProfileParams, OpenProfileResult, void>('goOomLens/openProfile');
/** Closes the open heap profile: every annotation goes. */
export const closeProfileRequest = new RequestType<null, null, void>('goOomLens/closeProfile');
/** The open profile's summary for the current settings (null when none is open). */
export const profileSummaryRequest = new RequestType<null, ProfileSummary | null, void>('goOomLens/profileSummary');
/** Server → client when the open profile's summary changed (settings: sample type, threshold). */
export const profileChangedNotification = new NotificationType<ProfileSummary>('goOomLens/profileChanged');
