// Mutations of Go source for fuzzing: byte-level (bit flips, random and invalid UTF-8 bytes, NULs,
// cut and duplicated ranges) and token-level (tokens deleted, repeated, swapped, replaced by
// keywords and brackets), plus text-level oddities (lone surrogates, CR-only line ends, astral
// characters). What the analysis gets is always a JavaScript string, as from the editor.
import type { Random } from './random';

const TOKEN = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"?|`[^`]*`?|'(?:[^'\\\n]|\\.)*'?|[\p{L}_][\p{L}\p{N}_]*|\d[\w.]*|<<=|>>=|&\^=|\.\.\.|&&|\|\||<-|\+\+|--|[-+*/%&|^<>=!:]=|<<|>>|&\^|\s+|./gsu;

/** Go source split into tokens (comments, strings, words, operators, whitespace, other characters). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const VOCABULARY = [
  'for', 'range', 'func', 'go', 'defer', 'return', 'break', 'continue', 'goto', 'if', 'else', 'switch', 'case', 'default',
  'select', 'chan', 'map', 'struct', 'interface', 'type', 'var', 'const', 'package', 'import', 'append', 'len', 'make',
  '{', '}', '(', ')', '[', ']', ';', ',', '.', ':', ':=', '=', '+=', '-=', '*=', '<<=', '++', '--', '<-', '...', '&', '*',
  '0', '1', '0x0', '"s"', '`raw`', "'r'", 'i', 'x', 'nil', '\n', ' ', 'L:', '//', '/*', '"', '`', "'", '\u0000', '\ufeff',
];

/** Applies 1–`max` token-level mutations. */
export function mutateTokens(rng: Random, text: string, max = 4): string {
  const tokens = tokenize(text);
  if (tokens.length === 0) return text;
  const n = rng.between(1, max);
  for (let m = 0; m < n; m++) {
    const i = rng.int(tokens.length);
    switch (rng.int(7)) {
      case 0: tokens.splice(i, rng.between(1, 8)); break;
      case 1: tokens.splice(i, 0, rng.pick(VOCABULARY)); break;
      case 2: tokens[i] = rng.pick(VOCABULARY); break;
      case 3: { const j = rng.int(tokens.length); [tokens[i], tokens[j]] = [tokens[j], tokens[i]]; break; }
      case 4: { // a run of tokens repeated: often deep or long nesting
        const len = rng.between(1, 6);
        const run = tokens.slice(i, i + len);
        const times = rng.between(2, rng.chance(0.2) ? 400 : 20);
        const copies: string[] = [];
        for (let k = 0; k < times; k++) copies.push(...run);
        tokens.splice(i, 0, ...copies);
        break;
      }
      case 5: tokens[i] = tokens[rng.int(tokens.length)]; break;
      default: tokens.length = Math.max(1, i); // truncated
    }
    if (tokens.length === 0) tokens.push('package');
  }
  return tokens.join('');
}

const ODD_BYTES = [0x00, 0xff, 0xfe, 0xc0, 0xc1, 0x80, 0xbf, 0xed, 0xf4, 0xf5, 0x0d, 0x0a, 0x7b, 0x7d, 0x28, 0x22, 0x60];

/** Applies 1–`max` byte-level mutations to the UTF-8 bytes; decodes leniently (U+FFFD) or as Latin-1. */
export function mutateBytes(rng: Random, text: string, max = 8): string {
  let bytes: Uint8Array = new TextEncoder().encode(text);
  const n = rng.between(1, max);
  for (let m = 0; m < n; m++) {
    const i = rng.int(bytes.length + 1);
    switch (rng.int(6)) {
      case 0: if (i < bytes.length) bytes[i] ^= 1 << rng.int(8); break;
      case 1: bytes = splice(bytes, i, 0, [rng.chance(0.5) ? rng.pick(ODD_BYTES) : rng.int(256)]); break;
      case 2: bytes = splice(bytes, i, rng.between(1, 64), []); break;
      case 3: { const len = rng.between(1, 256); bytes = splice(bytes, i + len, 0, bytes.subarray(i, i + len)); break; }
      case 4: bytes = splice(bytes, i, 0, [0xed, 0xa0, 0x80]); break; // an encoded surrogate: invalid UTF-8
      default: bytes = splice(bytes, i, 0, [0xf0, 0x9f, 0x98]); // a truncated 4-byte sequence
    }
  }
  return rng.chance(0.75) ? new TextDecoder('utf-8').decode(bytes) : new TextDecoder('latin1').decode(bytes);
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const start = Math.min(at, bytes.length);
  const end = Math.min(start + remove, bytes.length);
  const out = new Uint8Array(bytes.length - (end - start) + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(end), start + insert.length);
  return out;
}

/** Text-level oddities a JavaScript string can hold but a file rarely does. */
export function mutateText(rng: Random, text: string): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(7)) {
    case 0: return text.slice(0, at) + rng.pick(['\ud800', '\udfff', '\udc00\ud800']) + text.slice(at); // lone surrogates
    case 1: return text.replace(/\n/g, '\r'); // old Mac line ends: one line for Go and tree-sitter
    case 2: return text.replace(/\n/g, '\r\n');
    case 3: return text.slice(0, at) + '\u0000'.repeat(rng.between(1, 50)) + text.slice(at);
    case 4: return text.replace(/\b(i|n|s|out|step)\b/g, (m) => (rng.chance(0.3) ? `${m}𝒳é` : m)); // astral identifiers
    case 5: return `\ufeff${text}`;
    default: return text.slice(0, at) + '\u2028\u2029\u0085' + text.slice(at);
  }
}
