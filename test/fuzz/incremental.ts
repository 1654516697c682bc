// Fuzzing the server's incremental path in-process: random LSP content changes go to the
// AnalysisService (incremental text, tree and per-declaration re-analysis) and to the reference
// TextDocument a client keeps. After each batch the service's text must equal the client's, every
// finding must lie inside it, and the findings must equal a full analysis of the same tree.
// (Not of a fresh parse: on code with syntax errors, tree-sitter's incremental reparse may recover
// differently from a fresh parse of the same text; `treesDiffer` counts how often.)
import type { Parser, Tree } from 'web-tree-sitter';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../server/src/analysis/analyzer';
import { analyzeFile } from '../../server/src/analysis/driver';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { AnalysisService, analyzeOptions } from '../../server/src/features/analysis';
import { PackageIndex } from '../../server/src/features/packageIndex';
import { defaultSettings } from '../../server/src/settings';
import type { ContentChange } from '../../server/src/trees';
import { DocumentLines } from './check';
import { tokenize } from './mutate';
import type { Random } from './random';

const INSERTS = ['', 'x', '0', '1', '\n', '\t', ' ', '{', '}', '(', ')', ':=', ' += ', 'for ', 'break', 'return', 'append(out, x)', '"', '`', '//', '/*', '*/', 'é', '𝒳', '\r\n', 'func g() {}\n', 'if step <= 0 {\n\treturn nil\n}\n'];

export interface IncrementalResult {
  problems: string[];
  edits: number;
  findings: number;
  /** Batches after which the incremental tree differed from a fresh parse of the text (syntax errors). */
  treesDiffer: number;
}

/** Opens `text`, applies `batches` random batches of changes, and checks the properties (against a full pass every `compareEvery` batches). */
export function incrementalRun(parser: Parser, text: string, rng: Random, batches: number, compareEvery = batches): IncrementalResult {
  const problems: string[] = [];
  const uri = 'untitled:fuzz.go';
  const settings = { ...defaultSettings(), debounceMs: 0 };
  const host = { settings: () => settings, publish: () => undefined, log: (m: string) => { if (/failed/.test(m)) problems.push(`server log: ${m.split('\n')[0]}`); } };
  const service = new AnalysisService(parser, new PackageIndex(parser), host);
  let doc = TextDocument.create(uri, 'go', 1, text);
  let edits = 0;
  let findings = 0;
  let treesDiffer = 0;
  try {
    service.open(uri, undefined, 1, text);
    for (let b = 0; b < batches; b++) {
      const changes: ContentChange[] = [];
      const n = rng.between(1, 4);
      for (let i = 0; i < n; i++) {
        const change = randomChange(rng, doc);
        changes.push(change);
        // Each change applies to the text as the previous one left it (as the protocol says).
        doc = TextDocument.update(doc, [change], doc.version);
      }
      doc = TextDocument.update(doc, [], doc.version + 1);
      service.change(uri, doc.version, changes);
      edits += changes.length;
      const result = service.current(uri);
      if (!result) { problems.push(`batch ${b}: no result`); break; }
      if (result.version !== doc.version) problems.push(`batch ${b}: analysed version ${result.version}, document version ${doc.version}`);
      if (result.text !== doc.getText()) { problems.push(`batch ${b}: the server's text differs from the client's after ${JSON.stringify(changes).slice(0, 300)}`); break; }
      const lines = new DocumentLines(result.text);
      for (const f of result.findings) checkSpans(lines, problems, `batch ${b}: ${f.rule}`, f);
      findings = result.findings.length;
      if ((b + 1) % compareEvery === 0 || b === batches - 1) {
        const before = problems.length;
        const own = service.treeOf(uri)!;
        const fresh = parser.parse(own.text);
        if (fresh && fresh.rootNode.toString() !== own.tree.rootNode.toString()) treesDiffer++;
        fresh?.delete();
        compare(problems, result.findings, fullFindings(uri, own.text, own.tree, settings));
        if (problems.length > before) { problems.push(`after batch ${b}: ${JSON.stringify(changes).slice(0, 400)}`); break; }
      }
    }
  } finally {
    service.dispose();
  }
  return { problems, edits, findings, treesDiffer };
}

function checkSpans(lines: DocumentLines, problems: string[], what: string, f: Finding): void {
  lines.checkSpan(problems, what, f.span);
  for (const r of f.related) if (!r.file) lines.checkSpan(problems, `${what} related`, r.span);
  for (const fix of f.fixes) for (const c of fix.changes) lines.checkSpan(problems, `${what} fix`, c.span);
}

/** What a full pass of the service finds on this tree (untitled: the package is the file itself). */
export function fullFindings(uri: string, text: string, tree: Tree, settings: ReturnType<typeof defaultSettings>): Finding[] {
  return analyzeFile({ path: uri, text, tree }, packageContextFrom([summarizeFile(uri, tree)]), analyzeOptions(settings));
}

function key(f: Finding): string {
  return `${f.rule}:${f.severity} ${f.span.start.line}:${f.span.start.character}-${f.span.end.line}:${f.span.end.character}`;
}

/** Incremental findings must be the full pass's: same places, rules and severities, and the same words. */
function compare(problems: string[], incremental: Finding[], full: Finding[]): void {
  const a = incremental.map(key).sort();
  const b = full.map(key).sort();
  const missing = b.filter((k) => !a.includes(k));
  const extra = a.filter((k) => !b.includes(k));
  if (missing.length > 0) problems.push(`incremental analysis misses ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`incremental analysis has stale ${extra.join(', ')}`);
  if (missing.length === 0 && extra.length === 0) {
    const byKey = new Map(full.map((f) => [key(f), f.message]));
    for (const f of incremental) {
      const m = byKey.get(key(f));
      if (m !== undefined && m !== f.message) problems.push(`stale message at ${key(f)}: "${f.message}" (full pass: "${m}")`);
    }
  }
}

/** A random change: a range (sometimes past the end) replaced by a snippet, a token or a copied piece. */
function randomChange(rng: Random, doc: TextDocument): ContentChange {
  const text = doc.getText();
  if (rng.chance(0.01)) return { text: mutateLines(rng, text) };
  if (rng.chance(0.2)) {
    // New lines inside a declaration: everything below moves, nothing else changes.
    const line = rng.int(doc.lineCount);
    return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n'.repeat(rng.between(1, 3)) };
  }
  const offset = (): number => {
    let o = rng.int(text.length + 1);
    if (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o])) o--;
    if (o > 0 && text[o - 1] === '\r' && text[o] === '\n') o--;
    return o;
  };
  let a = offset();
  let b = rng.chance(0.5) ? a : Math.min(text.length, a + rng.int(rng.chance(0.1) ? 2000 : 40));
  if (b < a) [a, b] = [b, a];
  if (b > 0 && b < text.length && /[\uDC00-\uDFFF]/.test(text[b])) b--;
  if (b > 0 && text[b - 1] === '\r' && text[b] === '\n') b--;
  if (b < a) b = a;
  const start = doc.positionAt(a);
  const end = rng.chance(0.03) ? { line: doc.lineCount + rng.int(3), character: rng.int(50) } : doc.positionAt(b);
  let insert: string;
  const r = rng.int(3);
  if (r === 0) insert = rng.pick(INSERTS);
  else if (r === 1) insert = rng.pick(tokenize(text.slice(Math.max(0, a - 200), a + 200)) || ['x']) ?? '';
  else { const from = rng.int(text.length + 1); insert = text.slice(from, from + rng.int(120)); }
  // A lone '\r' is a line break to LSP but not to Go or tree-sitter (see the report); keep CRLF whole.
  return { range: { start, end }, text: insert.replace(/\r(?!\n)/g, '') };
}

function mutateLines(rng: Random, text: string): string {
  const lines = text.split('\n');
  const i = rng.int(lines.length);
  lines.splice(i, rng.int(5));
  return lines.join('\n');
}
