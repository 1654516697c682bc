// The heap profile the user opened, for the editor features: decoded and charged to the workspace
// once, then viewed per document (cached by document version and sample type, so typing costs one
// regex pass over the text at most; hints and hovers read the cached view). A second profile replaces
// the first; closing drops everything and asks the editor to redraw.
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding } from '../analysis/analyzer';
import { findingQuote, findingsAt } from '../profile/join';
import { fileView, loadProfile, type FileView, type LoadedProfile } from '../profile/load';
import { totalsLine } from '../profile/report';
import { annotation } from '../profile/words';
import { readProfileFile, scanWorkspace } from '../profileSources';
import type { OpenProfileResult, ProfileSummary, ProfileTreeFunction } from '../protocol';
import type { Settings } from '../settings';

export interface ProfileHost {
  settings(): Settings;
  /** Workspace folders (file-system paths); the open documents' folders when there are none. */
  roots(): string[];
  /** An open document's current text, version and findings, by URI. */
  document(uri: string): { text: string; version: number; findings: readonly Finding[] } | undefined;
  /** Asks the editor to draw hints and lenses again. */
  refresh(): void;
  /** Tells the editor the summary changed (its tree shows it). */
  summaryChanged(summary: ProfileSummary): void;
  log(message: string): void;
}

/** The path of a file: URI (`/`-separated), or undefined for other schemes. */
export function fileOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}

export class ProfileService {
  private loaded: LoadedProfile | undefined;
  private readonly views = new Map<string, { key: string; view: FileView | undefined }>();

  constructor(private readonly host: ProfileHost) {}

  get isOpen(): boolean {
    return this.loaded !== undefined;
  }

  /** Reads, decodes and attributes a profile file; a failure leaves an open profile as it was. */
  open(file: string, source = file): OpenProfileResult {
    const started = performance.now();
    const read = readProfileFile(file);
    if ('error' in read) return { ok: false, message: `Go OOM Lens: ${read.error}.` };
    const workspace = scanWorkspace(this.host.roots(), (f) => this.host.document(pathToFileURL(f).toString())?.text);
    const loaded = loadProfile(read.bytes, source, workspace);
    if ('error' in loaded) return { ok: false, message: `Go OOM Lens: ${source.split(/[\\/]/).pop()}: ${loaded.error}.` };
    this.loaded = loaded;
    this.views.clear();
    this.host.log(`heap profile ${source}: ${loaded.profile.samples.count} samples, ${loaded.attribution.files.size} workspace files, in ${(performance.now() - started).toFixed(0)} ms`);
    this.host.refresh();
    return { ok: true, summary: this.summary()! };
  }

  close(): void {
    this.loaded = undefined;
    this.views.clear();
    this.host.refresh();
  }

  /** A document was closed: its view goes. */
  closed(uri: string): void {
    this.views.delete(uri);
  }

  /** Settings changed: views are recomputed on the next read (the sample type is part of their key). */
  settingsChanged(): void {
    if (!this.loaded) return;
    this.host.refresh();
    this.host.summaryChanged(this.summary()!);
  }

  /** The profile's view of an open document as it is now, or undefined. */
  view(uri: string): FileView | undefined {
    const loaded = this.loaded;
    const file = fileOf(uri);
    const doc = this.host.document(uri);
    if (!loaded || !file || !doc || !loaded.attribution.files.has(file)) return undefined;
    const type = this.host.settings().profile.sampleType;
    const key = `${doc.version}\0${type}`;
    const cached = this.views.get(uri);
    if (cached?.key === key) return cached.view;
    const view = fileView(loaded, file, doc.text, type);
    this.views.set(uri, { key, view });
    return view;
  }

  /** The quote of a finding of this document, for its hover, lens and explanation. */
  quote(uri: string, f: Finding, elementBytes?: number): string | undefined {
    const v = this.view(uri);
    return v ? findingQuote(f, v, elementBytes) : undefined;
  }

  /** The open profile's summary for the current sample type (the tree view), or null. */
  summary(): ProfileSummary | null {
    const loaded = this.loaded;
    if (!loaded) return null;
    const type = this.host.settings().profile.sampleType;
    const functions = new Map<string, ProfileTreeFunction>();
    let headline = '';
    for (const file of loaded.attribution.files.keys()) {
      const uri = pathToFileURL(file).toString();
      const doc = this.host.document(uri);
      const text = doc?.text ?? readText(file);
      if (text === undefined) continue;
      const v = doc ? this.view(uri) : fileView(loaded, file, text, type);
      if (!v) continue;
      headline ||= totalsLine(v.type, v.total, loaded.attribution.elsewhere[v.index]);
      for (const p of v.lines.values()) {
        const value = p.self[v.index];
        if (value <= 0) continue;
        const name = p.function.slice(p.function.lastIndexOf('/') + 1);
        const fn = functions.get(`${file}\0${name}`) ?? { name, label: '', value: 0, lines: [] };
        fn.value += value;
        fn.lines.push({ uri, line: p.line, value, label: annotation(value, v.total, v.type), flagged: findingsAt(p.line, doc?.findings ?? []).length > 0 });
        functions.set(`${file}\0${name}`, fn);
        fn.label = annotation(fn.value, v.total, v.type);
      }
    }
    const sorted = [...functions.values()].sort((a, b) => b.value - a.value).slice(0, 200);
    for (const f of sorted) f.lines.sort((a, b) => b.value - a.value || a.line - b.line);
    return { source: loaded.source, sampleType: type, headline: headline || `${type}: nothing in the workspace's code`, functions: sorted, unmatchedFiles: loaded.attribution.unmatchedPaths.length };
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
