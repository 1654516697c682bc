// Facts about standard-library functions that value reasoning relies on, as data: each says what the
// function returns, why, where that is documented, and the edge inputs a test runs through the real
// function (test/facts/) to check the fact against the machine's Go.

/** A closed interval; Infinity for an unbounded end. */
export type Range = [number, number];

export interface CallFact {
  /** The qualified callee as written: `utf8.DecodeRune`. */
  callee: string;
  /** The import path the qualifier names, for the check program. */
  importPath: string;
  /** Result ranges by result index; null where the fact says nothing (a rune, a value). */
  results: Array<Range | null>;
  /** The results for an empty first argument, when they differ (DecodeRune of nothing has size 0). */
  whenEmpty?: Array<Range | null>;
  /** Negative results that mean "not found" or "bad input" (strings.Index's -1). */
  sentinels?: number[];
  reason: string;
  doc: string;
  /** Go argument lists to call it with in the check; each call's integer results are checked against the fact. */
  edgeCases: string[];
  /** Which of `edgeCases` pass an empty first argument (checked against `whenEmpty`). */
  emptyCases?: number[];
}

const utf8Decode = (callee: string, arg: (s: string) => string): CallFact => ({
  callee, importPath: 'unicode/utf8',
  results: [null, [1, 4]], whenEmpty: [null, [0, 0]],
  reason: 'decodes one rune: its size is 1 to 4 bytes (1 for invalid UTF-8), and 0 only for an empty input',
  doc: `https://pkg.go.dev/unicode/utf8#${callee.split('.')[1]}`,
  edgeCases: [arg(''), arg('a'), arg('\\xff'), arg('é'), arg('€'), arg('𝄞'), arg('\\xf0\\x9d')],
  emptyCases: [0],
});

const index = (pkg: 'strings' | 'bytes', name: string, args: string[]): CallFact => ({
  callee: `${pkg}.${name}`, importPath: pkg,
  results: [[-1, Infinity]], sentinels: [-1],
  reason: 'returns the index of the first (or last) match, or -1 when there is none',
  doc: `https://pkg.go.dev/${pkg}#${name}`,
  edgeCases: args,
});

const str = (s: string) => JSON.stringify(s);
const bs = (s: string) => `[]byte(${JSON.stringify(s)})`;

export const callFacts: CallFact[] = [
  utf8Decode('utf8.DecodeRune', (s) => `[]byte("${s}")`),
  utf8Decode('utf8.DecodeRuneInString', (s) => `"${s}"`),
  utf8Decode('utf8.DecodeLastRune', (s) => `[]byte("${s}")`),
  utf8Decode('utf8.DecodeLastRuneInString', (s) => `"${s}"`),
  {
    callee: 'utf8.RuneLen', importPath: 'unicode/utf8', results: [[-1, 4]], sentinels: [-1],
    reason: 'the number of bytes that encode the rune, or -1 for a rune that is not valid UTF-8',
    doc: 'https://pkg.go.dev/unicode/utf8#RuneLen', edgeCases: ['0', "'a'", "'é'", "'€'", "'𝄞'", '-1', '0xD800', '0x110000'],
  },
  {
    callee: 'utf8.EncodeRune', importPath: 'unicode/utf8', results: [[1, 4]],
    reason: 'writes 1 to 4 bytes (the replacement character for an invalid rune)',
    doc: 'https://pkg.go.dev/unicode/utf8#EncodeRune', edgeCases: ['make([]byte, 4), 0', "make([]byte, 4), 'é'", 'make([]byte, 4), -1', 'make([]byte, 4), 0x10FFFF'],
  },
  {
    callee: 'runtime.NumCPU', importPath: 'runtime', results: [[1, Infinity]],
    reason: 'the number of logical CPUs usable by the process, at least 1',
    doc: 'https://pkg.go.dev/runtime#NumCPU', edgeCases: [''],
  },
  {
    callee: 'runtime.GOMAXPROCS', importPath: 'runtime', results: [[1, Infinity]],
    reason: 'the previous setting, at least 1 (an argument below 1 only queries it)',
    doc: 'https://pkg.go.dev/runtime#GOMAXPROCS', edgeCases: ['0', '-1'],
  },
  index('strings', 'Index', [`${str('')}, ${str('x')}`, `${str('abc')}, ${str('c')}`, `${str('abc')}, ${str('')}`]),
  index('strings', 'IndexByte', [`${str('')}, 'x'`, `${str('abc')}, 'c'`]),
  index('strings', 'IndexRune', [`${str('')}, 'x'`, `${str('aé')}, 'é'`]),
  index('strings', 'IndexAny', [`${str('')}, ${str('x')}`, `${str('abc')}, ${str('cb')}`]),
  index('strings', 'LastIndex', [`${str('')}, ${str('x')}`, `${str('abca')}, ${str('a')}`]),
  index('strings', 'LastIndexByte', [`${str('')}, 'x'`, `${str('abca')}, 'a'`]),
  index('bytes', 'Index', [`${bs('')}, ${bs('x')}`, `${bs('abc')}, ${bs('c')}`]),
  index('bytes', 'IndexByte', [`${bs('')}, 'x'`, `${bs('abc')}, 'c'`]),
  index('bytes', 'IndexRune', [`${bs('')}, 'x'`, `${bs('aé')}, 'é'`]),
  index('bytes', 'LastIndex', [`${bs('')}, ${bs('x')}`, `${bs('abca')}, ${bs('a')}`]),
  index('bytes', 'LastIndexByte', [`${bs('')}, 'x'`, `${bs('abca')}, 'a'`]),
];

const byCallee = new Map(callFacts.map((f) => [f.callee, f]));

/** The fact for a callee, if the table has one. */
export function callFact(callee: string): CallFact | undefined {
  return byCallee.get(callee);
}
