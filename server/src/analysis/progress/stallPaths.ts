// "A path that changes nothing": a path from the top of an iteration to its back edge (a
// `continue`, or the end of the body) along which none of the state the loop's condition reads
// changes, chosen by decisions that are themselves functions of that state. Once such a path is
// taken, the next iteration starts from the same state, decides the same way, and repeats forever.
import type { Node } from 'web-tree-sitter';
import { hasBreakFor, isNoReturn, labelOf, ownDescendants, statementsOf, unparen, walkOwn } from '../syntax';
import { loopCondition } from '../values/terms';
import { changesAny, readsData, repeatsWithState, type LoopState } from './loopState';

export interface StallPath {
  /** The `continue` that closes the path, or the loop's body when the path falls off its end. */
  at: Node;
  /** The conditions that chose the path, outermost first. */
  decisions: Node[];
  /** Each decision's text (spaces removed) and which way it went. */
  facts: Array<{ text: string; truth: boolean; shown?: string; phrase?: string }>;
  /** Additive moves on the path that cancel out (`i = end(…) + i` with end's sentinel -1, then `i++`). */
  cancels: Offset[];
}

/** What a path adds to one state variable: a constant, plus sentinel results of same-package calls. */
interface Offset { variable: string; constant: number; sentinels: Array<{ call: Node; values: number[] }>; stmts: Node[] }

interface Path { decisions: Node[]; facts: Fact[]; offsets: Offset[] }

/** Sentinel results of a call (`return -1` in a same-package function), or undefined. */
export type SentinelsOf = (call: Node) => number[] | undefined;

/** Paths explored per loop before giving up (conservatively: no finding). */
const MAX_STATEMENTS = 2_000;

/** The first path through the loop's body that changes none of `state` and is chosen by decisions on it, if any. */
export function findStallPath(ls: LoopState, state: ReadonlySet<string>, post: Node | null, sentinels: SentinelsOf = () => undefined): StallPath | undefined {
  const postMove = post ? additiveMove(post, state, sentinels) : undefined;
  if (post && !postMove && changesAny(post, state, ls.m)) return undefined;
  // What the decisions read must not change on the path either (`if g.Next(x) { g.Reset(); continue }`).
  const inputs = new Set([...decisionInputs(ls)].filter((n) => !state.has(n)));
  const watched = new Set([...state, ...inputs]);
  if (post && !postMove && changesAny(post, watched, ls.m, inputs)) return undefined;
  const cond = loopCondition(ls.loop);
  const walker = new PathWalker(ls, state, watched, inputs, labelOf(ls.loop), cond ? conditionFacts(cond) : [], sentinels);
  const outs = walker.list(statementsOf(ls.body), [{ decisions: [], facts: [], offsets: [] }]);
  if (walker.exhausted) return undefined;
  for (const out of outs) if (out.decisions.length > 0) walker.hits.push({ at: ls.body, decisions: out.decisions, facts: out.facts, cancels: out.offsets });
  // A path with no decision is every iteration: the plain non-progress rules judge that.
  for (const h of walker.hits) {
    if (h.decisions.length === 0 || !h.decisions.some((d) => readsData(d, ls))) continue;
    const offsets = postMove ? addMove(h.cancels, postMove) : h.cancels;
    if (offsets.every(canCancel)) return { ...h, cancels: offsets };
  }
  return undefined;
}

/** Paths followed at once; past this, the likeliest stalls are kept (no moves, then moves that can cancel). */
const MAX_PATHS = 8;

function cap(paths: Path[]): Path[] {
  if (paths.length <= MAX_PATHS) return paths;
  const rank = (p: Path) => (p.offsets.length === 0 ? 0 : p.offsets.every((o) => o.sentinels.length > 0) ? 1 : 2);
  return paths.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).slice(0, MAX_PATHS).map((x) => x.p);
}

/** Whether some choice of sentinel results makes the offset exactly 0. */
function canCancel(o: Offset): boolean {
  let sums = new Set([o.constant]);
  for (const s of o.sentinels) sums = new Set([...sums].flatMap((x) => s.values.map((v) => x + v)));
  return sums.has(0);
}

function addMove(offsets: Offset[], m: Offset): Offset[] {
  const out = offsets.map((o) => ({ ...o, sentinels: [...o.sentinels], stmts: [...o.stmts] }));
  const hit = out.find((o) => o.variable === m.variable);
  if (hit) { hit.constant += m.constant; hit.sentinels.push(...m.sentinels); hit.stmts.push(...m.stmts); } else out.push(m);
  return out;
}

/** `v++`, `v += 2`, `v = f(…) + v`, `v = v + 1`: an additive move of a state variable by constants and sentinel calls. */
function additiveMove(s: Node, state: ReadonlySet<string>, sentinels: SentinelsOf): Offset | undefined {
  if (s.type === 'inc_statement' || s.type === 'dec_statement') {
    const v = s.namedChild(0);
    return v?.type === 'identifier' && state.has(v.text) ? { variable: v.text, constant: s.type === 'inc_statement' ? 1 : -1, sentinels: [], stmts: [s] } : undefined;
  }
  if (s.type !== 'assignment_statement') return undefined;
  const lefts = s.childForFieldName('left')?.namedChildren ?? [];
  const rights = s.childForFieldName('right')?.namedChildren ?? [];
  if (lefts.length !== 1 || rights.length !== 1 || lefts[0]?.type !== 'identifier' || !state.has(lefts[0].text)) return undefined;
  const v = lefts[0].text;
  const op = s.childForFieldName('operator')?.text;
  const terms: Array<{ n: Node; sign: number }> = [];
  const split = (n: Node | null, sign: number): boolean => {
    const x = unparen(n);
    if (!x) return false;
    if (x.type === 'binary_expression' && /^[+-]$/.test(x.childForFieldName('operator')?.text ?? '')) {
      return split(x.childForFieldName('left'), sign) && split(x.childForFieldName('right'), x.childForFieldName('operator')!.text === '-' ? -sign : sign);
    }
    terms.push({ n: x, sign });
    return true;
  };
  if (op === '+=' || op === '-=') { if (!split(rights[0], op === '-=' ? -1 : 1)) return undefined; }
  else if (op === '=') {
    if (!split(rights[0], 1)) return undefined;
    const self = terms.findIndex((t) => t.n.text === v && t.sign === 1);
    if (self < 0) return undefined;
    terms.splice(self, 1);
  } else return undefined;
  const o: Offset = { variable: v, constant: 0, sentinels: [], stmts: [s] };
  for (const t of terms) {
    if (t.n.type === 'int_literal' && /^\d+$/.test(t.n.text)) { o.constant += t.sign * Number(t.n.text); continue; }
    const sv = t.n.type === 'call_expression' ? sentinels(t.n) : undefined;
    if (!sv) return undefined;
    o.sentinels.push({ call: t.n, values: sv.map((x) => x * t.sign) });
  }
  return o;
}

class PathWalker {
  readonly hits: StallPath[] = [];
  exhausted = false;
  private visited = 0;

  constructor(
    private readonly ls: LoopState, private readonly state: ReadonlySet<string>, private readonly watched: ReadonlySet<string>,
    private readonly inputs: ReadonlySet<string>,
    private readonly label: string | undefined, private readonly loopFacts: Fact[][], private readonly sentinels: SentinelsOf,
  ) {}

  /** The paths that come out of a statement list, from the paths that go in (at most MAX_PATHS, likeliest stalls first). */
  list(stmts: Node[], paths: Path[]): Path[] {
    for (const st of stmts) {
      if (paths.length === 0) return paths;
      paths = cap(paths.flatMap((p) => this.stmt(st, p)));
    }
    return paths;
  }

  /** The path extended by a decision taken with `truth`; null when the decision is not a function of the state or contradicts the path. */
  private decide(cond: Node | null, p: Path, truth = true): Path | null {
    if (!cond) return p;
    if (!repeatsWithState(cond, this.ls, this.state, new Set(), cond, true)) return null;
    // A test of counters alone (`pos < max`, `bi < len(b)-1`) is taken as the loop's invariant: its
    // false branch, where nothing would advance, is the case the loop's own progress rules out.
    if (!truth && !readsData(cond, this.ls)) return null;
    const text = cond.text.replace(/\s+/g, '');
    if (p.facts.some((f) => f.text === text && f.truth !== truth)) return null;
    const facts = [...p.facts, { text, truth, shown: cond.text }];
    // The loop's condition holds in the body: a path that makes it false is not a path.
    if (this.loopFacts.some((alternatives) => alternatives.every((a) => facts.some((f) => f.text === a.text && f.truth !== a.truth)))) return null;
    return { decisions: p.decisions.includes(cond) ? p.decisions : [...p.decisions, cond], facts, offsets: p.offsets };
  }

  private stmt(s: Node, p: Path): Path[] {
    if (++this.visited > MAX_STATEMENTS) { this.exhausted = true; return []; }
    const keep = (x: Path | null): Path[] => (x ? [x] : []);
    switch (s.type) {
      case 'continue_statement': {
        const l = s.namedChild(0)?.text;
        if (!l || l === this.label) this.hits.push({ at: s, decisions: p.decisions, facts: p.facts, cancels: p.offsets });
        return [];
      }
      case 'break_statement': case 'return_statement': case 'goto_statement': case 'fallthrough_statement':
        return [];
      case 'block':
        return this.list(statementsOf(s), [p]);
      case 'labeled_statement': {
        const inner = s.namedChildren.find((c) => c && c.type !== 'label_name');
        return inner ? this.stmt(inner, p) : [p];
      }
      case 'if_statement': {
        const init = s.childForFieldName('initializer');
        if (init && changesAny(init, this.state, this.ls.m)) return [];
        const cond = s.childForFieldName('condition');
        if (!this.changes(s) && !leavesOrRepeats(s)) return [p];
        const yes = this.decide(cond, p, true);
        const no = this.decide(cond, p, false);
        const cons = yes ? this.list(statementsOf(s.childForFieldName('consequence')), [yes]) : [];
        const alt = s.childForFieldName('alternative');
        const other = !no ? [] : alt ? (alt.type === 'if_statement' ? this.stmt(alt, no) : this.list(statementsOf(alt), [no])) : [no];
        return [...cons, ...other];
      }
      case 'expression_switch_statement': case 'type_switch_statement': {
        const init = s.childForFieldName('initializer');
        if (init && changesAny(init, this.state, this.ls.m)) return [];
        if (!this.changes(s) && !leavesOrRepeats(s)) return [p];
        const value = s.childForFieldName('value');
        const chosen = this.decide(value, p);
        if (!chosen) return [];
        const out: Path[] = [];
        for (const c of s.namedChildren) {
          if (!c || !/_case$/.test(c.type)) continue;
          // A `break` inside a case leaves the switch, not the loop: such paths are dropped (no finding from them).
          const labels = c.type === 'default_case' ? 'none of the cases' : c.namedChildren.filter((x) => x && /expression_list|type_list/.test(x.type)).map((x) => x!.text).join(', ');
          const here: Path = { ...chosen, facts: [...chosen.facts, { text: `${(value?.text ?? '').replace(/\s+/g, '')}#case`, truth: true, phrase: value ? `\`${value.text}\` is ${labels}` : `the case \`${labels}\` holds` }] };
          out.push(...this.list(statementsOf(c), [here]));
        }
        // Without a default, the path past every case is usually ruled out by what the code knows of the value.
        return out;
      }
      case 'select_statement':
        return []; // waits on channels: another goroutine decides
      case 'for_statement':
        // A nested `for {}` that nothing breaks out of never falls through: the path ends inside it.
        if (!loopCondition(s) && !s.namedChildren.some((c) => c?.type === 'for_clause' || c?.type === 'range_clause') && !hasBreakFor(s)) return [];
        return this.changes(s) ? [] : [p];
      case 'expression_statement':
        if (isNoReturn(s)) return [];
        return this.changes(s) ? [] : [p];
      case 'inc_statement': case 'dec_statement': case 'assignment_statement': {
        // A move that a sentinel can cancel keeps the path alive, with the move on record.
        const move = additiveMove(s, this.state, this.sentinels);
        if (move && !move.sentinels.some((x) => changesAny(x.call, this.watched, this.ls.m, this.inputs))) return [{ ...p, offsets: addMove(p.offsets, move) }];
        return this.changes(s) ? [] : [p];
      }
      default:
        return keep(this.changes(s) ? null : p);
    }
  }

  private changes(s: Node): boolean {
    return changesAny(s, this.watched, this.ls.m, this.inputs);
  }
}

type Fact = { text: string; truth: boolean; shown?: string; phrase?: string };

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
