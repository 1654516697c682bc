// The language server: capabilities and wiring only. Features live in features/, LSP types in convert.ts.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, CodeLensRefreshRequest, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, MessageType,
  ShowMessageNotification, TextDocumentSyncKind, InlayHintRefreshRequest,
  type CodeLens, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { packageInfo } from './cli/packageInfo';
import { createGoParser, liveTrees } from './parser';
import { syncDocuments } from './documents';
import { AnalysisService, type Analysed } from './features/analysis';
import { provideCodeActions } from './features/codeActions';
import { provideCodeLenses } from './features/codeLens';
import { publishDiagnostics } from './features/diagnostics';
import { escapeHover, provideEscapeHints } from './features/escapeHints';
import { EscapePredictions } from './features/escapePredicted';
import { EscapeService, goBinaryOf } from './features/escapeService';
import { registerExplainCommand } from './features/explainCommand';
import { explainFunction, type ExplainExtras } from './features/explainFunction';
import { GoVersions } from './features/goVersions';
import { hoverOptionsFor, inClientFormat, provideHover, type HoverOptions } from './features/hover';
import { LensRefresh } from './features/lensRefresh';
import { PackageIndex } from './features/packageIndex';
import { SummaryStore } from './features/summaryStore';
import { profileHover, provideProfileHints, withProfileHover } from './features/profileHints';
import { provideProfileLenses } from './features/profileLens';
import { registerProfile, workspaceRoots } from './features/profileRequests';
import type { ProfileService } from './features/profileService';
import { commands, escapeLogNotification, explainRequest, serverStatsRequest, workspaceTrustNotification, type InitializationOptions } from './protocol';
import { defaultSettings, readSettings, type Settings } from './settings';
import type { Finding } from './analysis/analyzer';

/** Starts serving on a connection (stdio, IPC or streams). */
export function startServer(connection: Connection): void {
  let settings: Settings = defaultSettings();
  let analysis: AnalysisService | undefined;
  let escape: EscapeService | undefined;
  let profile: ProfileService | undefined;
  let pullConfiguration = false;
  let documentChanges = false;
  let showDocument = false;
  let lensRefresh = false;
  let hintRefresh = false;
  let hoverOptions: HoverOptions = {};
  let lastProblems = '';

  const log = (message: string): void => connection.console.log(message);
  const lenses = new LensRefresh(() => { if (lensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined); });
  const findingLenses = (result: Analysed | undefined): CodeLens[] => provideCodeLenses(result, result && analysis?.treeOf(result.uri)?.tree, settings);

  const applySettings = (raw: unknown): void => {
    const { settings: next, problems } = readSettings(raw);
    // The same settings again (pulled after initialize when they came with it, or a change elsewhere
    // in the configuration): nothing to redo. Analysing again cost a second whole-file pass of every
    // open document (a 10 MB file: 17 s).
    const same = JSON.stringify(next) === JSON.stringify(settings);
    settings = next;
    const text = problems.join('\n');
    if (text && text !== lastProblems) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Go OOM Lens: ${problems.join(' ')}` });
    for (const p of problems) log(p);
    lastProblems = text;
    if (same) return;
    analysis?.invalidateAll();
    escape?.settingsChanged();
    profile?.settingsChanged();
    if (lensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };

  const loadSettings = async (): Promise<void> => {
    if (!pullConfiguration) return;
    try {
      applySettings(await connection.workspace.getConfiguration('goOomLens'));
    } catch (e) {
      log(`could not read settings: ${String(e)}`);
    }
  };

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const caps = params.capabilities;
    pullConfiguration = !!caps.workspace?.configuration;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    showDocument = !!caps.window?.showDocument?.support;
    lensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
    hintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    hoverOptions = hoverOptionsFor(params);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const initial = init.settings ?? init.goOomLens;
    if (initial !== undefined) applySettings(initial);
    const parser = await createGoParser();
    const docs = new AnalysisService(parser, new PackageIndex(parser, SummaryStore.fromEnvironment()), {
      settings: () => settings,
      publish: (result) => {
        publishDiagnostics(connection, result, settings);
        lenses.published(result.uri, result.version, () => findingLenses(result));
        escape?.analysed(result);
      },
      log,
      tell: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
      closed: (uri) => {
        escape?.closed();
        profile?.closed(uri);
      },
      treeTextBudget: numberFrom(process.env.GO_OOM_LENS_TREE_BUDGET),
      parseBudgetMs: numberFrom(process.env.GO_OOM_LENS_PARSE_BUDGET_MS),
    });
    analysis = docs;
    // The toolchain runs only where the client says the workspace is trusted (absent: untrusted).
    escape = new EscapeService({
      settings: () => settings,
      isOpen: (uri) => docs.isOpen(uri),
      // The tree is parsed when read (a sibling's escape summary is mostly cached: its tree is not needed).
      document: (uri) => {
        const result = docs.current(uri);
        if (!result || !docs.analysable(uri)) return undefined;
        return { version: result.version, text: result.text, pkg: result.pkg, get tree() { return docs.treeOf(uri)!.tree; }, get treeText() { return docs.treeOf(uri)!.treeText; } };
      },
      log,
      tell: (level, message) => void connection.sendNotification(ShowMessageNotification.type, { type: level === 'warning' ? MessageType.Warning : MessageType.Info, message }),
      runLog: (params) => void connection.sendNotification(escapeLogNotification, params),
      refresh: () => { if (hintRefresh) connection.sendRequest(InlayHintRefreshRequest.type).catch(() => undefined); },
      progress: () => connection.window.createWorkDoneProgress(),
    }, new EscapePredictions(parser), init.workspaceTrusted === true);
    syncDocuments(connection, analysis);
    profile = registerProfile(connection, {
      settings: () => settings, analysis: () => analysis, roots: workspaceRoots(params), openUris: () => analysis?.uris() ?? [], log,
      refresh: () => {
        if (hintRefresh) connection.sendRequest(InlayHintRefreshRequest.type).catch(() => undefined);
        if (lensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      },
    });
    const watch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    connection.onInitialized(() => {
      if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) connection.client.register(DidChangeConfigurationNotification.type, { section: 'goOomLens' }).catch(() => undefined);
      if (watch) connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.go' }] }).catch(() => undefined);
      void loadSettings();
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        inlayHintProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(init.clientHandlesExplain ? {} : { executeCommandProvider: { commands: [commands.showExplanation] } }),
      },
      serverInfo: { name: 'go-oom-lens', version: packageInfo().version },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    if (pullConfiguration) void loadSettings();
    else applySettings((change.settings as { goOomLens?: unknown } | undefined)?.goOomLens ?? change.settings);
  });

  // Which Go builds each file's module decides the runtime rules of the explanations' numbers.
  const goVersions = new GoVersions();
  const goFor = (uri: string) => goVersions.forFile(filePathOf(uri), goBinaryOf(settings));
  const profileNote = (uri: string) => (f: Finding, elementBytes?: number) => profile?.quote(uri, f, elementBytes);
  connection.onHover((params) => {
    const uri = params.textDocument.uri;
    const result = analysis?.current(uri);
    const hover = provideHover(result, params, settings, escapeHover(escape, uri), goFor(uri), profileNote(uri), hoverOptions);
    return inClientFormat(settings.hover.enabled ? withProfileHover(hover, profileHover(profile, uri, params.position, result?.findings ?? [], settings)) : hover, hoverOptions);
  });
  connection.languages.inlayHint.on((params) => {
    const result = analysis?.current(params.textDocument.uri);
    return [...provideEscapeHints(escape, params), ...provideProfileHints(profile, params, result?.text, result?.findings ?? [], settings)];
  });
  connection.onDidSaveTextDocument(({ textDocument }) => escape?.saved(textDocument.uri));
  connection.onNotification(workspaceTrustNotification, ({ trusted }) => escape?.setTrusted(trusted === true));
  connection.onCodeLens((params) => {
    const uri = params.textDocument.uri;
    const found = lenses.answer(uri, () => analysis?.current(uri)?.version, () => findingLenses(analysis?.current(uri)));
    return [...found, ...provideProfileLenses(profile, analysis?.current(uri), analysis?.treeOf(uri)?.tree, settings)];
  });
  /** Builds the fixes of a document's findings when a code action or an explanation asks for them. */
  const withFixes = (uri: string) => (found: readonly Finding[]): void => analysis?.withFixes(uri, found);
  connection.onCodeAction((params) => provideCodeActions(analysis?.current(params.textDocument.uri), params, settings, documentChanges, withFixes(params.textDocument.uri)));
  const extras = (uri: string): ExplainExtras => {
    const e = escapeHover(escape, uri);
    return { heapNote: e?.note, sliceUse: e?.sliceUse, go: goFor(uri), profileNote: profileNote(uri) };
  };
  connection.onRequest(explainRequest, ({ uri, line }) => explainFunction(analysis?.current(uri), analysis?.treeOf(uri)?.tree, line, settings, extras(uri), withFixes(uri)));

  // Editors other than VS Code run the lens's command on the server (result: the markdown).
  const explanationFiles = registerExplainCommand(connection, {
    explain: (uri, line) => explainFunction(analysis?.current(uri), analysis?.treeOf(uri)?.tree, line, settings, extras(uri), withFixes(uri)),
    showDocument: () => showDocument,
  });

  connection.onRequest(serverStatsRequest, () => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    return {
      documents: analysis?.uris() ?? [], trees: analysis?.withTrees() ?? [], liveTrees: liveTrees(),
      escapeDocuments: escape?.heldDocuments() ?? [], work: analysis?.work() ?? { fullPasses: 0, declarations: 0 }, memory: { rss, heapUsed, heapTotal, external, arrayBuffers },
    };
  });

  connection.onShutdown(() => {
    explanationFiles.dispose();
    escape?.dispose();
    analysis?.dispose();
  });
  // A failed request to the client must not end the server.
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  connection.listen();
}

/** The file a `file:` URI names; undefined for other schemes and malformed ones. */
function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A number from the environment (tests): GO_OOM_LENS_TREE_BUDGET, the characters of text whose
 * trees are kept; GO_OOM_LENS_PARSE_BUDGET_MS, the time a reparse may take. Unset or not a number: the default.
 */
function numberFrom(value: string | undefined): number | undefined {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
