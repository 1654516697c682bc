// "A path that changes nothing": a path from the top of an iteration to its back edge (a
// `continue`, or the end of the body) along which none of the state the loop's condition reads
// changes, chosen by decisions that are themselves functions of that state. Once such a path is
// taken, the next iteration starts from the same state, decides the same way, and repeats forever.
import type { Node } from 'web-tree-sitter';
import { hasBreakFor, isNoReturn, labelOf, ownDescendants, statementsOf, unparen, walkOwn } from '../syntax';
import { changesAny, readsData, repeatsWithState, type LoopState } from './loopState';

export interface StallPath {
  /** The `continue` that closes the path, or the loop's body when the path falls off its end. */
  at: Node;
  /** The conditions that chose the path, outermost first. */
  decisions: Node[];
  /** Each decision's text (spaces removed) and which way it went. */
  facts: Array<{ text: string; truth: boolean; shown?: string }>;
}

interface Path { decisions: Node[]; facts: Fact[] }

/** Paths explored per loop before giving up (conservatively: no finding). */
const MAX_STATEMENTS = 2_000;

/** The first path through the loop's body that changes none of `state` and is chosen by decisions on it, if any. */
export function findStallPath(ls: LoopState, state: ReadonlySet<string>, post: Node | null): StallPath | undefined {
  if (post && changesAny(post, state, ls.m)) return undefined;
  // What the decisions read must not change on the path either (`if g.Next(x) { g.Reset(); continue }`).
  const inputs = new Set([...decisionInputs(ls)].filter((n) => !state.has(n)));
  const watched = new Set([...state, ...inputs]);
  if (post && changesAny(post, watched, ls.m, inputs)) return undefined;
  const cond = loopConditionOf(ls.loop);
  const walker = new PathWalker(ls, state, watched, inputs, labelOf(ls.loop), cond ? conditionFacts(cond) : []);
  const out = walker.list(statementsOf(ls.body), { decisions: [], facts: [] });
  if (walker.exhausted) return undefined;
  if (out && out.decisions.length > 0) walker.hits.push({ at: ls.body, decisions: out.decisions, facts: out.facts });
  // A path with no decision is every iteration: the plain non-progress rules judge that.
  return walker.hits.find((h) => h.decisions.length > 0 && h.decisions.some((d) => readsData(d, ls)));
}

class PathWalker {
  readonly hits: StallPath[] = [];
  exhausted = false;
  private visited = 0;

  constructor(
    private readonly ls: LoopState, private readonly state: ReadonlySet<string>, private readonly watched: ReadonlySet<string>,
    private readonly inputs: ReadonlySet<string>,
    private readonly label: string | undefined, private readonly loopFacts: Fact[][],
  ) {}

  list(stmts: Node[], p: Path | null): Path | null {
    for (const s of stmts) {
      if (!p) return null;
      p = this.stmt(s, p);
    }
    return p;
  }

  /** The path extended by a decision taken with `truth`; null when the decision is not a function of the state or contradicts the path. */
  private decide(cond: Node | null, p: Path, truth = true): Path | null {
    if (!cond) return p;
    if (!repeatsWithState(cond, this.ls, this.state, new Set(), cond, true)) return null;
    const text = cond.text.replace(/\s+/g, '');
    if (p.facts.some((f) => f.text === text && f.truth !== truth)) return null;
    const facts = [...p.facts, { text, truth, shown: cond.text }];
    // The loop's condition holds in the body: a path that makes it false is not a path.
    if (this.loopFacts.some((alternatives) => alternatives.every((a) => facts.some((f) => f.text === a.text && f.truth !== a.truth)))) return null;
    return { decisions: p.decisions.includes(cond) ? p.decisions : [...p.decisions, cond], facts };
  }

  private stmt(s: Node, p: Path): Path | null {
    if (++this.visited > MAX_STATEMENTS) { this.exhausted = true; return null; }
    switch (s.type) {
      case 'continue_statement': {
        const l = s.namedChild(0)?.text;
        if (!l || l === this.label) this.hits.push({ at: s, decisions: p.decisions, facts: p.facts });
        return null;
      }
      case 'break_statement': case 'return_statement': case 'goto_statement': case 'fallthrough_statement':
        return null;
      case 'block':
        return this.list(statementsOf(s), p);
      case 'labeled_statement': {
        const inner = s.namedChildren.find((c) => c && c.type !== 'label_name');
        return inner ? this.stmt(inner, p) : p;
      }
      case 'if_statement': {
        const init = s.childForFieldName('initializer');
        if (init && changesAny(init, this.state, this.ls.m)) return null;
        const cond = s.childForFieldName('condition');
        // With an initializer, the condition may read what it declares: judge the pair.
        if (!this.changes(s) && !leavesOrRepeats(s)) return p;
        const yes = this.decide(cond, p, true);
        const no = this.decide(cond, p, false);
        const cons = yes && this.list(statementsOf(s.childForFieldName('consequence')), yes);
        const alt = s.childForFieldName('alternative');
        const other = no && (alt ? (alt.type === 'if_statement' ? this.stmt(alt, no) : this.list(statementsOf(alt), no)) : no);
        return cons ?? other;
      }
      case 'expression_switch_statement': case 'type_switch_statement': {
        const init = s.childForFieldName('initializer');
        if (init && changesAny(init, this.state, this.ls.m)) return null;
        if (!this.changes(s) && !leavesOrRepeats(s)) return p;
        const value = s.childForFieldName('value');
        const chosen = this.decide(value, p);
        if (!chosen) return null;
        let out: Path | null = null;
        let hasDefault = false;
        for (const c of s.namedChildren) {
          if (!c || !/_case$/.test(c.type)) continue;
          if (c.type === 'default_case') hasDefault = true;
          // A `break` inside a case leaves the switch, not the loop: such paths are dropped (no finding from them).
          const r = this.list(statementsOf(c), chosen);
          out = out ?? r;
        }
        // Without a default, the path past every case is usually ruled out by what the code knows of the value.
        void hasDefault;
        return out;
      }
      case 'select_statement':
        return null; // waits on channels: another goroutine decides
      case 'for_statement':
        // A nested `for {}` that nothing breaks out of never falls through: the path ends inside it.
        if (!loopConditionOf(s) && !s.namedChildren.some((c) => c?.type === 'for_clause' || c?.type === 'range_clause') && !hasBreakFor(s)) return null;
        return this.changes(s) ? null : p;
      case 'expression_statement':
        if (isNoReturn(s)) return null;
        return this.changes(s) ? null : p;
      default:
        return this.changes(s) ? null : p;
    }
  }

  private changes(s: Node): boolean {
    return changesAny(s, this.watched, this.ls.m, this.inputs);
  }
}

type Fact = { text: string; truth: boolean; shown?: string };

/** The loop condition as a conjunction of disjunctions of literal facts (`a && (b || c)` → [[a], [b, c]]). */
function conditionFacts(cond: Node): Fact[][] {
  const out: Fact[][] = [];
  const conj = (n: Node, depth: number) => {
    const c = unparen(n) ?? n;
    if (depth < 16 && c.type === 'binary_expression' && c.childForFieldName('operator')?.text === '&&') {
      conj(c.childForFieldName('left')!, depth + 1);
      conj(c.childForFieldName('right')!, depth + 1);
      return;
    }
    const alts: Fact[] = [];
    const disj = (d: Node, dd: number) => {
      const x = unparen(d) ?? d;
      if (dd < 16 && x.type === 'binary_expression' && x.childForFieldName('operator')?.text === '||') {
        disj(x.childForFieldName('left')!, dd + 1);
        disj(x.childForFieldName('right')!, dd + 1);
      } else alts.push({ text: x.text.replace(/\s+/g, ''), truth: true });
    };
    disj(c, 0);
    out.push(alts);
  };
  conj(cond, 0);
  return out;
}

function loopConditionOf(loop: Node): Node | null {
  for (const c of loop.namedChildren) {
    if (!c || c.type === 'block') continue;
    if (c.type === 'for_clause') return c.childForFieldName('condition');
    if (c.type === 'range_clause') return null;
    return c;
  }
  return null;
}

/** Base names the body's decisions read, directly or through the locals they are computed from, and call receivers. */
function decisionInputs(ls: LoopState): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const add = (expr: Node) => walkOwn(expr, (n) => {
    if (n.type !== 'identifier' || seen.has(n.text)) return;
    seen.add(n.text);
    // Locals the iteration declares are recomputed on the path; what matters is what they are computed from.
    if (!ls.declared.has(n.text)) out.add(n.text);
    for (const d of ls.defs.get(n.text) ?? []) add(d);
  });
  for (const n of ownDescendants(ls.body, ['if_statement', 'expression_switch_statement', 'type_switch_statement'])) {
    const c = n.childForFieldName(n.type === 'if_statement' ? 'condition' : 'value');
    if (c) add(c);
  }
  return out;
}

/** Whether a statement holds a `continue`, `break`, `return`, `goto` or a call that never returns. */
function leavesOrRepeats(s: Node): boolean {
  return /\b(continue|break|return|goto|panic|Exit|Fatal|Goexit)\b/.test(s.text);
}
