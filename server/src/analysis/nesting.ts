// How deep the analysis follows nested code. The rules (and the escape predictor) walk statements
// recursively and re-walk enclosing statements for every question they ask, so code nested
// thousands of levels deep would exhaust the JavaScript stack or take minutes. A top-level
// declaration nested deeper than `maxNesting` is skipped as a whole, with a message; real Go code
// stays far below (the standard library's deepest declaration is about 20 levels).
//
// Nesting is measured on the text, which is cheap (one pass, no tree walk): brackets `{ ( [`, plus
// one level for each `else if` of a chain (tree-sitter nests each `else if` in the previous `if`)
// and for each label of a run of labels (`L1: L2: stmt` nests the same way).
// Strings, runes and comments do not count. Chains that nest without brackets (`a + b + c …`,
// `x.f().g()…`) are bounded by each walker's own depth limit instead.
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from './analyzer';
import { spanOf } from './analyzer';

/** Deepest nesting (brackets, `else if` chains, runs of labels) analysed; deeper declarations are skipped. */
export const maxNesting = 200;

/** Deepest expression chain (`a + b + …`, `x.f().g()…`, `- - x`) a recursive walker follows. */
export const maxExpressionDepth = 500;

/** Deepest syntax-tree level a generic recursive walker (one frame or more per node) visits. */
export const maxTreeDepth = 500;

const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_PAREN = 0x28, CLOSE_PAREN = 0x29, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const SLASH = 0x2f, STAR = 0x2a, QUOTE = 0x22, BACKQUOTE = 0x60, APOSTROPHE = 0x27, BACKSLASH = 0x5c, NEWLINE = 0x0a;

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The offset in `text[from, to)` where nesting first goes deeper than `limit`, or -1.
 * Linear in the length; unbalanced brackets (broken code) count as they are written.
 */
export function nestingExceeds(text: string, from = 0, to = text.length, limit = maxNesting): number {
  let depth = 0;
  // `else if` chains open at each bracket depth, and their sum.
  const chains: number[] = [0];
  let chained = 0;
  // A `}` just brought us back to this depth: the next token tells whether an `else` continues the chain.
  let closedAt = -1;
  // Labels in a row (`L1: L2: for …`) nest each statement in the previous one.
  let labels = 0;
  const endChain = (d: number): void => {
    chained -= chains[d] ?? 0;
    chains[d] = 0;
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    // Comments, strings and runes: skipped whole; they are not tokens that end an else-chain.
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= to ? to : nl;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 || end >= to ? to : end + 1;
      continue;
    }
    if (closedAt >= 0) {
      const isElse = c === 0x65 && text.startsWith('else', i) && !isWordChar(text.charCodeAt(i + 4));
      if (!isElse && closedAt === depth) endChain(depth);
      closedAt = -1;
    }
    if (!isWordChar(c)) labels = 0;
    switch (c) {
      case QUOTE:
      case APOSTROPHE:
        i = skipQuoted(text, i, to, c);
        continue;
      case BACKQUOTE: {
        const end = text.indexOf('`', i + 1);
        i = end < 0 || end >= to ? to : end;
        continue;
      }
      case OPEN_BRACE:
      case OPEN_PAREN:
      case OPEN_BRACKET:
        depth++;
        chains[depth] = 0;
        if (depth + chained > limit) return i;
        continue;
      case CLOSE_BRACE:
      case CLOSE_PAREN:
      case CLOSE_BRACKET:
        if (depth === 0) continue;
        endChain(depth);
        depth--;
        if (c === CLOSE_BRACE) closedAt = depth;
        continue;
      default: {
        if (!isWordChar(c)) continue;
        // A whole word at once, so `xelse` or `else_` never look like `else`.
        let j = i + 1;
        while (j < to && isWordChar(text.charCodeAt(j))) j++;
        if (j - i === 4 && text.startsWith('else', i)) {
          let k = j;
          while (k < to && isSpace(text.charCodeAt(k))) k++;
          if (text.startsWith('if', k) && !isWordChar(text.charCodeAt(k + 2))) {
            chains[depth] = (chains[depth] ?? 0) + 1;
            chained++;
            if (depth + chained > limit) return i;
          }
        }
        let k = j;
        while (k < to && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
        if (text.charCodeAt(k) === 0x3a && text.charCodeAt(k + 1) !== 0x3d) {
          // `word:` — a label, a case value or a key; only labels come many in a row.
          if (depth + chained + ++labels > limit) return i;
          i = k;
        } else {
          labels = 0;
          i = j - 1;
        }
      }
    }
  }
  return -1;
}

/** The index of the closing quote (or of the newline that ends an unterminated literal). */
function skipQuoted(text: string, start: number, to: number, quote: number): number {
  for (let i = start + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote || c === NEWLINE) return i;
  }
  return to;
}

/** A top-level declaration the analysis skips, and why. */
export interface TooDeep { node: Node; span: Span; reason: string }

/** The top-level declarations of `tree` (or of a view of it) nested deeper than `limit`. */
export function tooDeepDeclarations(tree: Tree, text: string, limit = maxNesting): TooDeep[] {
  const out: TooDeep[] = [];
  for (const decl of tree.rootNode.namedChildren) {
    if (!decl || decl.type === 'comment' || decl.type === 'package_clause' || decl.type === 'import_declaration') continue;
    const at = nestingExceeds(text, decl.startIndex, Math.min(decl.endIndex, text.length), limit);
    if (at < 0) continue;
    const name = decl.childForFieldName('name')?.text;
    const what = name ? `\`${name.length > 40 ? `${name.slice(0, 39)}…` : name}\`` : 'this declaration';
    out.push({ node: decl, span: spanOf(decl), reason: `${what} is not analysed: it nests more than ${limit} levels deep (blocks, brackets, else-if chains and labels)` });
  }
  return out;
}
