// Custom requests and commands shared by the server and the VS Code client.
import { RequestType } from 'vscode-languageserver-protocol';

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
} as const;

/** The source of every diagnostic. */
export const diagnosticSource = 'go-oom-lens';

/** Initialization options a client may send. */
export interface InitializationOptions {
  /** The client opens explanations itself (the VS Code extension does); otherwise the server offers the command. */
  clientHandlesExplain?: boolean;
  /** Settings for clients that do not answer workspace/configuration (`settings` or, as Helix sends its `config`, `goOomLens`). */
  settings?: unknown;
  goOomLens?: unknown;
}
