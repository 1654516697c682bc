// Small helpers for the words of findings: a list of names, a capitalised sentence, and the length
// budget of a diagnostic message (a Problems row, Neovim's virtual text).

/** "`a`, `b` or `c`" (or, with `and`, "`a`, `b` and `c`") */
export function list(names: string[], conjunction: 'or' | 'and' = 'or'): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}

/** The sentence with its first letter in upper case. */
export function capital(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}

/** The longest first sentence of a message (UTF-16 code units): what a Problems row shows. */
export const FIRST_SENTENCE_MAX = 100;
/** The longest whole message; anything more goes to the related information. */
export const MESSAGE_MAX = 160;

/** The first sentence of a message: up to the first `.`, `!` or `?` outside backticks that ends it. */
export function firstSentence(message: string): string {
  let code = false;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === '`') code = !code;
    else if (!code && '.!?'.includes(c) && (i + 1 === message.length || message[i + 1] === ' ')) return message.slice(0, i + 1);
  }
  return message;
}

/** A message of whole sentences: the first always, each further one only while the message stays within MESSAGE_MAX. */
export function sentences(first: string, ...more: Array<string | undefined>): string {
  let out = first;
  for (const s of more) if (s && out.length + 1 + s.length <= MESSAGE_MAX) out += ` ${s}`;
  return out;
}

/** The first choice that is at most `max` long, else the last (the shortest fallback). */
export function fitting(max: number, ...choices: string[]): string {
  return choices.find((c) => c.length <= max) ?? choices[choices.length - 1];
}

/**
 * The decisive part of a value's reason, short enough for a message: the last link of a chain
 * ("`n` comes from `f()` (line 3); `f()` always returns 0" → "`f()` always returns 0"), without
 * "and nothing rules out 0", with "`s` comes from `f()`" said as "from `f()`" when `s` is the
 * subject already named, and line numbers without nested parentheses.
 */
export function decisiveCause(why: string, subject?: string): string {
  const links = splitLinks(why);
  let link = links[links.length - 1]
    .replace(/,? and nothing rules out 0$/, '')
    .replace(/, which can be 0$/, '');
  if (subject) {
    const own = `\`${subject}\` `;
    const rest = link.startsWith(own) ? link.slice(own.length) : undefined;
    let m: RegExpExecArray | null;
    if (rest?.startsWith('comes from ')) link = `from ${rest.slice('comes from '.length)}`;
    else if (rest && (m = /^is set to -?\d+ \((line \d+)\)$/.exec(rest))) link = m[1];
    else if (rest && (m = /^is the constant -?\d+ \((.+)\)$/.exec(rest))) link = `a constant, ${m[1]}`;
  }
  return link.replace(/ \((line \d+|[\w.-]+\.go:\d+)\)$/, ', $1');
}

/** A cause without its trailing parenthesis ("… can be 0 (`hi` is a parameter)" → "… can be 0"), for when space is short. */
export function withoutTail(cause: string): string {
  if (!cause.endsWith(')')) return cause;
  let depth = 0;
  for (let i = cause.length - 1; i > 0; i--) {
    if (cause[i] === ')') depth++;
    else if (cause[i] === '(' && --depth === 0) return cause[i - 1] === ' ' ? cause.slice(0, i - 1) : cause;
  }
  return cause;
}

/** The links of a reason chain ("a; b; c"), splitting only outside backticks and parentheses. */
function splitLinks(why: string): string[] {
  const out: string[] = [];
  let code = false;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < why.length; i++) {
    const c = why[i];
    if (c === '`') code = !code;
    else if (!code && c === '(') depth++;
    else if (!code && c === ')') depth--;
    else if (!code && depth === 0 && c === ';' && why[i + 1] === ' ') {
      out.push(why.slice(start, i));
      start = i + 2;
    }
  }
  out.push(why.slice(start));
  return out;
}
