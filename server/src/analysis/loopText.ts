// Words and locations shared by the loop rules' messages.
import type { Node } from 'web-tree-sitter';
import { type Finding, type Related, type Span, spanOf, type FindingFacts } from './analyzer';
import type { GrowthSite } from './growthSites';
import type { LoopVerdict } from './loops';
import { brief, lineOf } from './syntax';
import type { Value } from './values/domain';
import { capital, list } from './words';

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


/** One sentence saying why the loop may never end. */
export function loopReason(v: LoopVerdict): string {
  const cond = v.loop.childForFieldName('body') ? conditionText(v.loop) : '';
  switch (v.kind) {
    case 'endless':
      return 'it is a `for {}` loop with no break, return or panic';
    case 'non-progressing':
      if (v.stall) return v.stall.reason;
      return `nothing in it changes ${list(v.variables)}, the variable${v.variables.length > 1 ? 's' : ''} of its condition \`${cond}\``;
    case 'zero-step': {
      const u = v.updates.find((x) => x.verdict === 'maybe') ?? v.updates[0];
      return u.reason;
    }
  }
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
    cause: u?.cause.why,
    causeSpan: u?.cause.at ? spanOf(u.cause.at) : undefined,
    functionName: name ?? 'func literal',
    functionSpan: spanOf(v.fn),
  };
}

function stepText(update: Node): string {
  return brief(update.text, 60);
}

/** "the loop at line 12" */
export function loopAt(loop: Node): string {
  return `the loop at line ${lineOf(loop)}`;
}

/** A growth finding (append, map insert, concatenation, builder write) on its site, severity following the loop. */
export function growthFinding(rule: string, site: GrowthSite, what: string): Finding {
  const v = site.verdict;
  const u = v.updates.find((x) => x.verdict === 'maybe') ?? v.updates[0];
  const cause = u ? causeRelated(u.cause) : undefined;
  const ends = v.certain ? 'never ends' : 'may never end';
  return {
    rule,
    // A map grows only by keys it has not seen: certain that the loop never ends, not that the map grows.
    severity: v.certain && site.growth.kind !== 'map-insert' ? 'error' : 'warning',
    message: `\`${site.growth.target}\` ${what.replace('{loop}', `a loop that ${ends} (${loopReason(v)})`)}`,
    span: spanOf(site.node),
    related: [{ span: headerSpan(v.loop), message: `The loop that ${ends}` }, ...(cause ? [cause] : [])],
    fixes: [],
    facts: { ...loopFacts(v), growth: site.growth },
  };
}
