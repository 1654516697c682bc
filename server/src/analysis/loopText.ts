// Words and locations shared by the loop rules' messages.
import type { Node } from 'web-tree-sitter';
import { type Finding, type Related, type Span, spanOf, type FindingFacts } from './analyzer';
import type { GrowthSite } from './growthSites';
import type { LoopVerdict, Update } from './loopVerdict';
import { brief, lineOf } from './syntax';
import type { Value } from './values/domain';
import { capital, decisiveCause, FIRST_SENTENCE_MAX, fitting, list, MESSAGE_MAX, sentences, withoutTail } from './words';

/** The loop's header (`for …; …; … {`), where loop findings are reported. */
export function headerSpan(loop: Node): Span {
  const body = loop.childForFieldName('body');
  const s = spanOf(loop);
  if (body) s.end = { line: body.startPosition.row, character: body.startPosition.column + 1 };
  return s;
}

/** The related location of a value's source, if it has one. */
export function causeRelated(v: Value, label?: string): Related | undefined {
  const message = label ?? capital(v.why);
  if (v.loc) return { span: { start: { line: v.loc.line, character: 0 }, end: { line: v.loc.line, character: 0 } }, file: v.loc.file, message };
  if (v.at) return { span: spanOf(v.at), message };
  return undefined;
}


/** The clause saying why the loop may never end, short enough for a message: its decisive cause is left to the caller. */
export function loopClause(v: LoopVerdict): string {
  switch (v.kind) {
    case 'endless':
      return 'it is a `for {}` loop with no break, return or panic';
    case 'non-progressing':
      if (v.stall) return v.stall.short;
      return `nothing in it changes ${list(v.variables.slice(0, 3))}`;
    case 'zero-step':
      return updateClause(mainUpdate(v)!);
  }
}

/** The update a zero-step loop is reported for: the first that can stall, else the first. */
export function mainUpdate(v: LoopVerdict): Update | undefined {
  return v.updates.find((x) => x.verdict === 'maybe') ?? v.updates[0];
}

/** What a stuck update does, with its decisive cause in parentheses when given: "`i` starts at 0 (line 5), and `i *= 2` keeps it 0". */
export function updateClause(u: Update, cause?: string): string {
  return `${u.words.before}${cause ? ` (${cause})` : ''}${u.words.after ?? ''}`;
}

/**
 * A loop message's sentences: `lead` and the clause, with the update's decisive cause inside the
 * first sentence when it fits FIRST_SENTENCE_MAX, else as the next sentence; then `more`.
 */
export function loopMessage(lead: string, u: Update, ...more: Array<string | undefined>): string {
  const cause = shownCause(u);
  const full = `${lead}${updateClause(u, cause)}.`;
  if (!cause || full.length <= FIRST_SENTENCE_MAX) return sentences(full, ...more);
  const first = `${lead}${updateClause(u)}.`;
  // On its own the cause is a sentence with its subject ("`sz` comes from `f()`, line 3"), not "from `f()`".
  const own = decisiveCause(u.cause.why);
  const next = fitting(MESSAGE_MAX - first.length - 1, `${capital(own)}.`, `${capital(withoutTail(own))}.`);
  return sentences(first, next, ...more);
}

/** The update's decisive cause as a message says it; none for a literal, which the words already show (`i += 0`, `v *= 1`). */
function shownCause(u: Update): string | undefined {
  const cause = decisiveCause(u.cause.why, u.words.subject);
  return cause.startsWith('the literal') ? undefined : cause;
}

export function conditionText(loop: Node): string {
  const body = loop.childForFieldName('body');
  const header = loop.text.slice(0, body ? body.startIndex - loop.startIndex : undefined).replace(/^for\s*/, '').trim();
  const parts = header.split(';');
  return brief(parts.length === 3 ? parts[1].trim() : header, 60);
}


/** Facts every loop finding carries for hovers and code lenses. */
export function loopFacts(v: LoopVerdict): FindingFacts {
  const u = v.updates.find((x) => x.verdict === 'maybe') ?? v.updates[0];
  const name = v.fn.childForFieldName('name')?.text;
  return {
    loop: spanOf(v.loop),
    variable: u?.variable ?? v.variables[0],
    step: u ? stepText(u.node) : undefined,
    stuck: u ? stuckSentence(u) : undefined,
    cause: u?.cause.why,
    causeSpan: u?.cause.at ? spanOf(u.cause.at) : undefined,
    functionName: name ?? 'func literal',
    functionSpan: spanOf(v.fn),
  };
}

/** The stuck update in one sentence with its decisive cause: what the explanation says happens (the whole chain is `cause`). */
export function stuckSentence(u: Update): string {
  return `${capital(updateClause(u, shownCause(u)))}.`;
}

function stepText(update: Node): string {
  return brief(update.text, 60);
}

/** "the loop at line 12" */
export function loopAt(loop: Node): string {
  return `the loop at line ${lineOf(loop)}`;
}

/**
 * A growth finding (append, map insert, concatenation, builder write) on its site, severity following
 * the loop. `what` is how it grows ("grows"), `how` the sentence on the heap; why the loop never ends
 * is the loop's own finding and its related location here, not repeated in the message.
 */
export function growthFinding(rule: string, site: GrowthSite, what: string, how: string): Finding {
  const v = site.verdict;
  const u = mainUpdate(v);
  const cause = u ? causeRelated(u.cause) : undefined;
  const ends = v.certain ? 'never ends' : 'may never end';
  // A `for {}` with no way out has no finding of its own: its kind is the whole cause, said here.
  const loop = v.kind === 'endless' ? `a \`for {}\` loop with no way out (line ${lineOf(v.loop)})` : `a loop that ${ends} (line ${lineOf(v.loop)})`;
  return {
    rule,
    // A map grows only by keys it has not seen: certain that the loop never ends, not that the map grows.
    severity: v.certain && site.growth.kind !== 'map-insert' ? 'error' : 'warning',
    message: sentences(`\`${brief(site.growth.target, 30)}\` ${what} on every iteration of ${loop}.`, how),
    span: spanOf(site.node),
    related: [{ span: headerSpan(v.loop), message: `This loop ${ends}: ${loopClause(v)}` }, ...(cause ? [cause] : [])],
    fixes: [],
    facts: { ...loopFacts(v), growth: site.growth },
  };
}
