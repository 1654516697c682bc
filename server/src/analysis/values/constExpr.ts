// A small serialisable form of Go constant expressions, so package summaries can be kept for
// files that are not open and constants resolved lazily across the files of a package.
import type { Node } from 'web-tree-sitter';

export type ConstExpr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'ref'; name: string }
  | { k: 'un'; op: string; x: ConstExpr }
  | { k: 'bin'; op: string; l: ConstExpr; r: ConstExpr }
  | { k: 'conv'; type: string; x: ConstExpr }
  | { k: 'unknown' };

const UNKNOWN: ConstExpr = { k: 'unknown' };

/** Parses a Go integer, float, rune or imaginary literal's value; NaN when it is not a number. */
export function parseNumberLiteral(text: string, type: string): number {
  const t = text.replace(/_/g, '');
  if (type === 'rune_literal') {
    const body = t.slice(1, -1);
    if (!body.startsWith('\\')) return body.codePointAt(0) ?? NaN;
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39 };
    if (body.length === 2 && body[1] in simple) return simple[body[1]];
    if (/^\\x[0-9a-fA-F]{2}$/.test(body) || /^\\u[0-9a-fA-F]{4}$/.test(body) || /^\\U[0-9a-fA-F]{8}$/.test(body)) return parseInt(body.slice(2), 16);
    if (/^\\[0-7]{3}$/.test(body)) return parseInt(body.slice(1), 8);
    return NaN;
  }
  if (type === 'imaginary_literal') return NaN;
  if (/^0[xX]/.test(t) && !/[pP]/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  return Number(t);
}

/** Converts a constant expression's syntax into ConstExpr, substituting `iota`. */
export function toConstExpr(node: Node | null, iota: number, depth = 0): ConstExpr {
  // Generated tables can nest thousands of operators; deeper than this is not a useful constant.
  if (!node || depth > 64) return UNKNOWN;
  switch (node.type) {
    case 'int_literal':
    case 'float_literal':
    case 'rune_literal': {
      const v = parseNumberLiteral(node.text, node.type);
      return Number.isNaN(v) ? UNKNOWN : { k: 'num', v };
    }
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return { k: 'str', v: node.text.slice(1, -1) };
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'iota':
      return { k: 'num', v: iota };
    case 'identifier':
      return node.text === 'iota' ? { k: 'num', v: iota } : { k: 'ref', name: node.text };
    case 'parenthesized_expression':
      return toConstExpr(node.namedChild(0), iota, depth + 1);
    case 'unary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      return { k: 'un', op, x: toConstExpr(node.childForFieldName('operand'), iota, depth + 1) };
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      return { k: 'bin', op, l: toConstExpr(node.childForFieldName('left'), iota, depth + 1), r: toConstExpr(node.childForFieldName('right'), iota, depth + 1) };
    }
    case 'call_expression': {
      // Conversions such as time.Duration(0) or uint8(x); other calls are not constant.
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (fn && args && args.namedChildCount === 1) {
        return { k: 'conv', type: fn.text, x: toConstExpr(args.namedChild(0), iota, depth + 1) };
      }
      return UNKNOWN;
    }
    case 'selector_expression':
      // A qualified constant from another package (time.Second): known values come from the facts table.
      return { k: 'ref', name: node.text };
    default:
      return UNKNOWN;
  }
}
