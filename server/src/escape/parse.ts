// Parses the Go compiler's escape-analysis log (`-gcflags=-m` or `-m=2`) into facts and errors.
// Handles the message shapes of Go 1.19 through current Go (cmd/compile/internal/escape); pure.
import * as path from 'node:path';
import type { CompileError, EscapeFact, EscapeKind, FlowStep } from './types';

export interface ParseOptions {
  /** Directory the go command ran in; relative paths (`./main.go`) are resolved against it. */
  cwd?: string;
  /** Overlay backing file → real file, so facts name the file the user edits. */
  pathMap?: ReadonlyMap<string, string>;
  /** The command failed: positioned lines that are not escape or inlining notes are errors. */
  failed?: boolean;
  /** Keep informational lines (inlining, capturing) as kind `other`. */
  includeOther?: boolean;
}

export interface ParsedLog {
  facts: EscapeFact[];
  errors: CompileError[];
  /** Package headers (`# example.com/m`) in the order printed. */
  packages: string[];
}

interface Position { file: string; line: number; column: number }
interface Explanation { target?: string; steps: FlowStep[] }

const POSITIONED = /^(.+?):(\d+)(?::(\d+))?: (.*)$/;
const AT_POSITION = /^(.+?):(\d+)(?::(\d+))?$/;
const FROM_NOTE = /^from (.*) \(([^()]+)\) at (\S.*)$/;
// Go 1.19–1.23: `x escapes to heap:`; Go 1.24+: `x escapes to heap in F:` (and `leaks to r for F`).
const ESCAPES_HEADER = /^(.+?) escapes to heap(?: in \S.*)?:$/;
// The target may have spaces (`{storage for (~r0).Name}`), so it is read brace-balanced, not by regexp.
const LEAK_HEADER = /^parameter (\S+) leaks to (.*)$/;
const LEAK_TAIL = /^(?: for \S.*)? with derefs=-?\d+:$/;
const INFO = /^(can inline|cannot inline|inlining call to|devirtualizing|PGO devirtualizing|index bounds check elided|zero-copy string->\[\]byte conversion|mutates param|calls param|assuming .* is unsafe uintptr|marking .* as escaping|hot-callsite|hot-node|Found IsInBounds|Found IsSliceInBounds|Proved |Disproved )|\bcapturing by (ref|value)\b|\bignoring self-assignment in\b|^\S+ (can inline|cannot inline)/;
/** The reasons HeapAllocReason gives: the allocation itself cannot live on the stack. */
const ALLOC_REASONS = new Set(['non-constant size', 'too large for stack', 'too aligned for stack']);
/** Flow notes that only describe plumbing; the hover wants the step that forced the heap. */
const PLUMBING = new Set(['spill', 'assign-pair', 'address-of', 'dot', 'dot of pointer', 'indirection', 'slice', 'slice-literal-element',
  'interface-converted', 'reference', 'assign', 'array literal element', 'struct literal element', 'fixed-array-index-of', 'copied value']);

/** Parses the combined output of `go build`/`go list -export` run with `-gcflags=-m[=2]`. */
export function parseEscapeLog(text: string, options: ParseOptions = {}): ParsedLog {
  const facts: EscapeFact[] = [];
  const errors: CompileError[] = [];
  const packages: string[] = [];
  // Position → name in the header → its blocks (a value can be explained more than once).
  const explanations = new Map<string, Map<string, Explanation[]>>();
  let current: Explanation | undefined;
  let currentKey = '';
  let lastError: CompileError | undefined;

  const resolve = (file: string): string => resolveFile(file, options);
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    if (raw.startsWith('# ')) { packages.push(raw.slice(2).trim()); current = undefined; continue; }
    const m = POSITIONED.exec(raw);
    if (!m) {
      if (/^\s/.test(raw) && lastError) lastError.message += '\n' + raw.trim();
      else if (options.failed) { lastError = { message: raw.trim() }; errors.push(lastError); }
      continue;
    }
    const pos: Position = { file: resolve(m[1]), line: Number(m[2]), column: m[3] ? Number(m[3]) : 1 };
    const msg = m[4];
    const key = `${pos.file}:${pos.line}:${pos.column}`;

    if (/^\s/.test(msg)) {
      // `  flow: …`, `    from … at …`, `   warning: truncated explanation …` belong to the open block.
      if (current && currentKey === key) addStep(current, pos, msg.trim(), resolve);
      continue;
    }
    current = undefined;
    const header = ESCAPES_HEADER.exec(msg);
    const leak = header ? undefined : leakHeader(msg);
    if (header || leak) {
      current = { target: leak?.target, steps: [] };
      const name = header ? header[1] : leak!.param;
      currentKey = key;
      const here = explanations.get(key) ?? new Map<string, Explanation[]>();
      explanations.set(key, here);
      here.set(name, [...(here.get(name) ?? []), current]);
      continue;
    }
    const fact = classify(msg);
    if (!fact) {
      if (INFO.test(msg) || !options.failed) {
        if (options.includeOther) facts.push({ ...pos, kind: 'other', name: '', message: msg, source: 'compiler' });
      } else {
        lastError = { ...pos, message: msg };
        errors.push(lastError);
      }
      continue;
    }
    // Identical lines are distinct nodes (an inlined copy, a conversion of a concatenation): keep them.
    if (pos.file === '<autogenerated>') continue;
    facts.push({ ...pos, ...fact, message: msg, source: 'compiler' });
  }

  // Two nodes printed alike at one position (Go 1.19's two `string(b)` of `any(string(b))`) each have
  // their own block, in the same order as their facts.
  const twinOf = (f: EscapeFact): string => `${f.file}:${f.line}:${f.column}:${f.kind}:${f.name}`;
  const twins = new Map<string, number>();
  for (const fact of facts) twins.set(twinOf(fact), (twins.get(twinOf(fact)) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const fact of facts) {
    const twin = twinOf(fact);
    const index = seen.get(twin) ?? 0;
    seen.set(twin, index + 1);
    const blocks = explanationsOf(fact, explanations);
    const own = fact.kind !== 'leaking-param' && fact.kind !== 'leaking-param-content' && blocks && blocks.length > 1 && blocks.length === twins.get(twin);
    attachExplanation(fact, own ? [blocks[index]] : blocks);
  }
  return { facts, errors, packages };
}

/** `parameter p leaks to T[ for F] with derefs=N:` (T is `{…}` with spaces, or one word). */
function leakHeader(msg: string): { param: string; target: string } | undefined {
  const m = LEAK_HEADER.exec(msg);
  if (!m) return undefined;
  const rest = m[2];
  let end = rest.indexOf(' ');
  if (rest.startsWith('{')) {
    let depth = 0;
    end = -1;
    for (let i = 0; i < rest.length && end < 0; i++) {
      if (rest[i] === '{') depth++;
      else if (rest[i] === '}' && --depth === 0) end = i + 1;
    }
  }
  if (end <= 0 || !LEAK_TAIL.test(rest.slice(end))) return undefined;
  return { param: m[1], target: rest.slice(0, end) };
}

/**
 * The explanation blocks of a fact: those at its position for the same name. Go 1.24+ prints the fact
 * of an append as `append escapes to heap` under a header naming the whole call, `append(s, x)`.
 */
function explanationsOf(fact: EscapeFact, explanations: ReadonlyMap<string, ReadonlyMap<string, Explanation[]>>): Explanation[] | undefined {
  const here = explanations.get(`${fact.file}:${fact.line}:${fact.column}`);
  const exact = here?.get(fact.name);
  if (exact || !here || fact.kind !== 'escapes' || /[^\w.]/.test(fact.name)) return exact;
  const calls = [...here.keys()].filter((name) => name.startsWith(`${fact.name}(`));
  return calls.length === 1 ? here.get(calls[0]) : undefined;
}

function classify(msg: string): { kind: EscapeKind; name: string; to?: string } | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^moved to heap: (.+)$/.exec(msg))) return { kind: 'moved-to-heap', name: m[1] };
  if ((m = /^(.+) escapes to heap$/.exec(msg))) return { kind: 'escapes', name: m[1] };
  if ((m = /^(.+) does not escape(, mutate, or call)?$/.exec(msg))) return { kind: 'does-not-escape', name: m[1] };
  if ((m = /^leaking param content: (.+)$/.exec(msg))) return { kind: 'leaking-param-content', name: m[1] };
  if ((m = /^leaking param: (\S+) to result (\S+) level=-?\d+$/.exec(msg))) return { kind: 'leaking-param', name: m[1], to: m[2] };
  if ((m = /^leaking param: (.+)$/.exec(msg))) return { kind: 'leaking-param', name: m[1] };
  return undefined;
}

function addStep(block: Explanation, pos: Position, text: string, resolve: (f: string) => string): void {
  const from = FROM_NOTE.exec(text);
  const at = from ? AT_POSITION.exec(from[3]) : null;
  if (from && at) {
    block.steps.push({ file: resolve(at[1]), line: Number(at[2]), column: at[3] ? Number(at[3]) : 1, text: `from ${from[1]} (${from[2]})` });
  } else {
    block.steps.push({ file: pos.file, line: pos.line, column: pos.column, text });
  }
}

function attachExplanation(fact: EscapeFact, blocks: Explanation[] | undefined): void {
  if (!blocks?.length) return;
  let chosen = blocks;
  if (fact.kind === 'leaking-param' || fact.kind === 'leaking-param-content') {
    const want = fact.to ?? '{heap}';
    const matching = blocks.filter((b) => b.target === want);
    if (matching.length) chosen = matching;
  }
  const steps = chosen.flatMap((b) => b.steps);
  if (!steps.length) return;
  fact.reasons = steps;
  const why = explainWhy(steps);
  if (why) fact.why = why;
}

/** The allocation's own reason if the compiler gave one, else the last step that is not plumbing. */
export function explainWhy(steps: readonly FlowStep[]): string | undefined {
  const whys = steps.map((s) => /^from .* \(([^()]+)\)$/.exec(s.text)?.[1]).filter((w): w is string => !!w);
  return whys.find((w) => ALLOC_REASONS.has(w)) ?? [...whys].reverse().find((w) => !PLUMBING.has(w));
}

function resolveFile(file: string, options: ParseOptions): string {
  if (file.startsWith('<') || file.startsWith('$')) return file;
  const abs = options.cwd && !path.isAbsolute(file) ? path.resolve(options.cwd, file) : file;
  return options.pathMap?.get(abs) ?? abs;
}

/** Rewrites overlay backing paths in a raw log to the paths the user knows (for the output channel). */
export function mapLogPaths(text: string, pathMap: ReadonlyMap<string, string>, cwd?: string): string {
  let out = text;
  for (const [backing, real] of pathMap) {
    const rel = cwd ? path.relative(cwd, real) : '';
    const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `.${path.sep}${rel}` : real;
    out = out.split(backing).join(shown);
  }
  return out;
}

/** Converts the compiler's 1-based byte column on a line to a 1-based UTF-16 column. */
export function byteColumnToUtf16(lineText: string, byteColumn: number): number {
  let bytes = 0;
  let units = 0;
  while (units < lineText.length && bytes < byteColumn - 1) {
    const cp = lineText.codePointAt(units)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    units += cp >= 0x10000 ? 2 : 1;
  }
  return units + 1;
}

/**
 * Converts byte columns to UTF-16 columns in place, for every position whose file text is known.
 * Lines that are pure ASCII are unchanged, so most files cost one scan.
 */
export function convertColumns(facts: EscapeFact[], errors: CompileError[], textOf: (file: string) => string | undefined): void {
  const lines = new Map<string, string[] | null>();
  const lineOf = (file: string, line: number): string | undefined => {
    if (!lines.has(file)) {
      const text = textOf(file);
      lines.set(file, text === undefined || /^[\x00-\x7f]*$/.test(text) ? null : text.split(/\r?\n/));
    }
    return lines.get(file)?.[line - 1];
  };
  const fix = (p: { file?: string; line?: number; column?: number }): void => {
    if (!p.file || !p.line || !p.column) return;
    const text = lineOf(p.file, p.line);
    if (text !== undefined) p.column = byteColumnToUtf16(text, p.column);
  };
  for (const f of facts) { fix(f); f.reasons?.forEach(fix); }
  errors.forEach(fix);
}
