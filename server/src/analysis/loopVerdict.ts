// What the loop judge concludes about one loop: the shared currency of the loop rules, the growth
// sites, the explanation and the fixes.
import type { Node } from 'web-tree-sitter';
import type { Value } from './values/domain';

export type LoopKind = 'zero-step' | 'non-progressing' | 'endless';

/** How one update of a condition variable moves it. */
export interface Update {
  node: Node;
  variable: string;
  /** `zero`: certainly leaves it unchanged; `maybe`: can leave it unchanged. */
  verdict: 'zero' | 'maybe';
  /** The amount (or factor, or start value) that can be zero, with its provenance. */
  cause: Value;
  /** How it is described at its related location: "advances by `interval`". */
  how: string;
  /**
   * What a zero does, in words around the cause: `before (cause)after`. "`i` advances by `interval`,
   * which can be 0"; "`v` starts at 0" + ", and `v *= 2` keeps it 0". `subject` is the name the cause
   * is about (the step, or the variable whose start is 0), so the cause can say "from `f()`".
   */
  words: UpdateWords;
}

export interface UpdateWords {
  before: string;
  after?: string;
  subject?: string;
}

export interface LoopVerdict {
  loop: Node;
  fn: Node;
  kind: LoopKind;
  certain: boolean;
  /** The condition's variables. */
  variables: string[];
  updates: Update[];
  /** Whether a break, return, goto or panic can leave the loop. */
  hasExit: boolean;
  /** Why the loop's other exits do not save it, as a sentence (they read only what the stuck update leaves unchanged). */
  exitNote?: string;
  exitNodes?: Node[];
  /** For stalls found by following paths and exits: why, in words, and where to look. */
  stall?: {
    /** The decisive clause, short enough for a message's first sentence. */
    short: string;
    /** A further sentence for the message, when it fits. */
    detail?: string;
    /** The whole reason, as a clause. */
    reason: string;
    related: Array<{ node: Node; message: string }>;
    /** For a stall on one path: where the path ends (its `continue`, or the body for its end); growth counts only on it. */
    pathEnd?: Node;
  };
  /** For a range over an iterator that yields forever: where that iterator's endless loop is (0-based line). */
  iterator?: { file?: string; line: number };
}
