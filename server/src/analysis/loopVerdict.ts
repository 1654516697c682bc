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
  /** How it is described: "advances by `interval`". */
  how: string;
  /** The whole reason, as a clause: "`i` advances by `interval`, which can be 0: …". */
  reason: string;
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
  /** Why the loop's other exits do not save it (they read only what a zero step leaves unchanged). */
  exitNote?: string;
  exitNodes?: Node[];
  /** For stalls found by following paths and exits: the sentence that says why, and where to look. */
  stall?: {
    reason: string;
    related: Array<{ node: Node; message: string }>;
    /** For a stall on one path: where the path ends (its `continue`, or the body for its end); growth counts only on it. */
    pathEnd?: Node;
  };
  /** For a range over an iterator that yields forever: where that iterator's endless loop is (0-based line). */
  iterator?: { file?: string; line: number };
}
