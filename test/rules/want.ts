// The `// want "rule-id"` / `// want "rule-id:severity"` expectations of the rule fixtures, in the
// style of analysistest: every expectation must be met by a finding on its line, and every finding
// must be expected. Lines are 0-based here (as in findings) and printed 1-based (as in editors).
import type { Finding, Severity } from '../../server/src/analysis/analyzer';

export interface Want {
  /** 0-based line the finding must start on. */
  line: number;
  rule: string;
  /** Absent: any severity matches. */
  severity?: Severity;
  /** The quoted text as written, for messages. */
  text: string;
}

const severities: ReadonlySet<string> = new Set<Severity>(['error', 'warning']);
// `// want` followed by one or more quoted expectations, ending the line.
const wantComment = /\/\/\s*want\b(.*)$/;
const quotedList = /^(\s*"[^"\\]*")+\s*$/;

/**
 * Reads the wants of one file. Throws on a malformed want (no quoted text, an unknown rule id,
 * an unknown severity), so a typo in a fixture cannot silently expect nothing.
 */
export function parseWants(fileName: string, text: string, knownRules: ReadonlySet<string>): Want[] {
  const wants: Want[] = [];
  text.split(/\r?\n/).forEach((lineText, line) => {
    const m = wantComment.exec(lineText);
    if (!m) return;
    const where = `${fileName}:${line + 1}`;
    if (!quotedList.test(m[1])) throw new Error(`${where}: malformed want comment: ${m[0].trim()}`);
    for (const q of m[1].matchAll(/"([^"\\]*)"/g)) wants.push(parseOne(where, q[1], line, knownRules));
  });
  return wants;
}

function parseOne(where: string, text: string, line: number, knownRules: ReadonlySet<string>): Want {
  const [rule, severity, ...extra] = text.split(':');
  if (extra.length > 0 || !rule) throw new Error(`${where}: malformed want "${text}"`);
  if (!knownRules.has(rule)) throw new Error(`${where}: want names unknown rule "${rule}"`);
  if (severity !== undefined && !severities.has(severity)) {
    throw new Error(`${where}: want "${text}" has unknown severity "${severity}" (error or warning)`);
  }
  return { line, rule, severity: severity as Severity | undefined, text };
}

/**
 * Pairs findings with wants on the same line; returns one message per unexpected finding and per
 * unmatched want (empty when the file is as expected). Wants with a severity are matched first,
 * so a severity-free want never steals the only finding a stricter want could take.
 */
export function compareFindings(fileName: string, wants: readonly Want[], findings: readonly Finding[]): string[] {
  const open = new Set(wants);
  const unmatched: Finding[] = [];
  const take = (f: Finding, strict: boolean): boolean => {
    for (const w of open) {
      if (w.line !== f.span.start.line || w.rule !== f.rule) continue;
      if (strict ? w.severity !== f.severity : w.severity !== undefined) continue;
      open.delete(w);
      return true;
    }
    return false;
  };
  const rest = findings.filter((f) => !take(f, true));
  for (const f of rest) if (!take(f, false)) unmatched.push(f);

  const problems: Array<{ line: number; text: string }> = [];
  for (const f of unmatched) {
    problems.push({ line: f.span.start.line, text: `${fileName}:${f.span.start.line + 1}: unexpected ${f.rule}:${f.severity}: ${f.message}` });
  }
  for (const w of open) {
    const near = findings.filter((f) => f.span.start.line === w.line).map((f) => `${f.rule}:${f.severity}`);
    const got = near.length ? ` (found on this line: ${near.join(', ')})` : '';
    problems.push({ line: w.line, text: `${fileName}:${w.line + 1}: no finding matched want "${w.text}"${got}` });
  }
  return problems.sort((a, b) => a.line - b.line).map((p) => p.text);
}
