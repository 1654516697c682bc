// The vocabulary of escape facts, shared by the compiler runner, the log parser and the predictor.
// Pure data: no LSP, no VS Code, no I/O.

/** What the compiler (or the predictor) says about one variable, expression or parameter. */
export type EscapeKind =
  | 'moved-to-heap'          // `moved to heap: x` — a variable lives on the heap
  | 'escapes'                // `make([]T, n) escapes to heap` — an allocation lives on the heap
  | 'does-not-escape'        // `x does not escape` — stays on the stack
  | 'leaking-param'          // `leaking param: p` (to the heap or, with `to`, to a result)
  | 'leaking-param-content'  // `leaking param content: p` — what p points to leaks
  | 'append-growth'          // predicted only: append in a loop regrows its backing array on the heap
  | 'other';                 // informational lines kept on request (inlining, capturing)

export type EscapeSource = 'compiler' | 'predicted';

/** One step of the compiler's explanation (`-m=2`): a `flow:` line or a `from … at …` line. */
export interface FlowStep {
  file: string;
  /** 1-based, like the compiler's messages. */
  line: number;
  /** 1-based, in UTF-16 code units once converted (see convertColumns). */
  column: number;
  /** `flow: ~r0 = &t:` or `from &t (address-of)` (the position is in file/line/column). */
  text: string;
}

export interface EscapeFact {
  /** Absolute path of the real source file (overlay backing files are mapped back). */
  file: string;
  /** 1-based line, as in the compiler's messages. */
  line: number;
  /** 1-based column in UTF-16 code units (the compiler counts bytes; the runner converts). */
  column: number;
  kind: EscapeKind;
  /** The variable, parameter or expression as the compiler prints it (`t`, `make([]byte, n)`). */
  name: string;
  /** The message without its position (`moved to heap: t`). */
  message: string;
  /** Short cause for hovers: `non-constant size`, `too large for stack`, `return`, `captured by a closure`. */
  why?: string;
  /** For `leaking param: p to result ~r0 level=0`: the result it leaks to. */
  to?: string;
  /** The compiler's flow explanation (`-m=2`), in order. */
  reasons?: FlowStep[];
  source: EscapeSource;
}

/** A compiler or go-command error; position fields are absent for lines such as `go: …`. */
export interface CompileError {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/** The kinds that mean "this lives on the heap". */
export function isHeapKind(kind: EscapeKind): boolean {
  return kind === 'moved-to-heap' || kind === 'escapes' || kind === 'append-growth';
}

/** Zero-based LSP-style position of a fact (line - 1, column - 1). */
export function factPosition(fact: { line: number; column: number }): { line: number; character: number } {
  return { line: fact.line - 1, character: fact.column - 1 };
}
