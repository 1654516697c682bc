// The heap-profile requests (open, close, summary) and the service behind them, wired to a
// connection. server.ts calls this once and asks the returned service for hints, hovers and lenses.
import * as path from 'node:path';
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import { closeProfileRequest, openProfileRequest, profileChangedNotification, profileSummaryRequest } from '../protocol';
import type { Settings } from '../settings';
import type { AnalysisService } from './analysis';
import { fileOf, ProfileService } from './profileService';

/** The workspace folders of the initialize request, as file-system paths. */
export function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = uris.map(fileOf).filter((p): p is string => p !== undefined);
  if (roots.length === 0 && params.rootPath) roots.push(params.rootPath);
  return roots;
}

export function registerProfile(connection: Connection, deps: {
  settings(): Settings;
  analysis(): AnalysisService | undefined;
  roots: string[];
  openUris(): string[];
  refresh(): void;
  log(message: string): void;
}): ProfileService {
  const service = new ProfileService({
    settings: deps.settings,
    // Without workspace folders, the folders of the open documents stand for the workspace.
    roots: () => deps.roots.length > 0 ? deps.roots : [...new Set(deps.openUris().map(fileOf).filter((f): f is string => !!f).map((f) => path.dirname(f)))],
    document: (uri) => {
      const r = deps.analysis()?.current(uri);
      return r ? { text: r.text, version: r.version, findings: r.findings } : undefined;
    },
    refresh: deps.refresh,
    summaryChanged: (summary) => void connection.sendNotification(profileChangedNotification, summary),
    log: deps.log,
  });
  connection.onRequest(openProfileRequest, ({ path: file, source }) => service.open(file, source));
  connection.onRequest(closeProfileRequest, () => { service.close(); return null; });
  connection.onRequest(profileSummaryRequest, () => service.summary());
  return service;
}
