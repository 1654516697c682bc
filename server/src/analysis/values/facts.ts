import type { Node } from 'web-tree-sitter';
import { callFact, callFacts } from './libraryFacts';
// A small table of well-known library facts, so correct standard-library code is not flagged.

const constants: Record<string, number> = {
  'time.Nanosecond': 1, 'time.Microsecond': 1e3, 'time.Millisecond': 1e6, 'time.Second': 1e9,
  'time.Minute': 60e9, 'time.Hour': 3600e9,
  'math.MaxInt8': 127, 'math.MaxInt16': 32767, 'math.MaxInt32': 2147483647, 'math.MaxUint8': 255,
  'math.MaxUint16': 65535, 'math.MaxUint32': 4294967295, 'math.MaxInt64': Number.MAX_SAFE_INTEGER,
  'math.MaxInt': Number.MAX_SAFE_INTEGER,
  'utf8.RuneSelf': 0x80, 'utf8.UTFMax': 4, 'utf8.RuneLen': NaN,
  'os.PathSeparator': 47, 'bits.UintSize': 64, 'strconv.IntSize': 64,
};

/** Value of a qualified library constant such as `time.Second`. */
export function knownConstant(name: string): number | undefined {
  const v = constants[name];
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** Calls that decode numbers from bytes: their results are data (any value, including 0). */
export function decodesData(callee: string): boolean {
  return /^binary\.(BigEndian|LittleEndian|NativeEndian)\.Uint(16|32|64)$/.test(callee) || /^binary\.(Uvarint|Varint|ReadUvarint|ReadVarint)$/.test(callee)
    || /^strconv\.(Atoi|ParseInt|ParseUint)$/.test(callee);
}

/** Calls whose range only holds when their first argument is non-empty. */
export const needsNonEmptyArgument = new Set(callFacts.filter((f) => f.whenEmpty).map((f) => f.callee));

/** Known range of result `index` of a call to `name`, if any (from the checked table in libraryFacts.ts). */
export function knownCallResult(name: string, index: number): [number, number] | undefined {
  return callFact(name)?.results[index] ?? undefined;
}

/** A library function's "not found" results (strings.Index's -1), which a caller may add to a position. */
export function librarySentinels(name: string): number[] | undefined {
  const s = callFact(name)?.sentinels;
  return s && s.length ? s : undefined;
}

/** Calls that never return: a loop or path containing one ends there. */
export function isNoReturnCall(callee: string): boolean {
  return (
    callee === 'panic' ||
    callee === 'os.Exit' ||
    callee === 'runtime.Goexit' ||
    callee === 'syscall.Exit' ||
    /^(log|klog|glog)\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln|Exit|Exitf)$/.test(callee) ||
    /^\w+\.(Fatal|Fatalf|FailNow|Skip|Skipf|SkipNow)$/.test(callee) ||
    /^\w+\.(throw|fatal|Fatal|Fatalf|Panicf|Exit)$/.test(callee) ||
    callee === 'throw' || callee === 'fatal' || callee === 'fatalf' || callee === 'log.Fatal'
  );
}

/**
 * Display-width functions (go-runewidth, uniseg, charmbracelet/x/ansi and their wrappers): 0 for
 * zero-width runes (combining marks, joiners, control characters), so a position advanced by them can stall.
 */
export function zeroWidthCall(callee: string): string | undefined {
  if (!/(^|\.)(StringWidth|RuneWidth|StringWidthWc|GraphemeWidth)$/.test(callee)) return undefined;
  return 'is a display width, which is 0 for zero-width runes (combining marks, joiners, control characters)';
}

/** `x.Len()`, `rows.RowCount()`, `s.NumFields()`: by convention a count, never negative (0 when empty). */
export function countLikeMethod(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return false;
  const m = fn.childForFieldName('field')?.text ?? '';
  return /^(Len|Count|Size|Cap|Num[A-Z]\w*|\w+Count|\w+Len)$/.test(m);
}
