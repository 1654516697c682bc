// Small helpers for the words of findings: a list of names, a capitalised sentence.

/** "`a`, `b` or `c`" */
export function list(names: string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** The sentence with its first letter in upper case. */
export function capital(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}
