// "A condition its type always satisfies": `i >= 0` for an unsigned `i`, `b <= 255` for a byte,
// `n <= math.MaxInt8` for an int8. No value of the variable's type fails it, so only an exit can end
// the loop (the classic reverse walk `for i := uint(len(s)) - 1; i >= 0; i--`).
import type { Node } from 'web-tree-sitter';
import type { FuncModel } from '../funcModel';
import { calleeName, listItems, unparen } from '../syntax';
import { evalConst } from '../values/summaries';
import { toConstExpr } from '../values/constExpr';
import { knownConstant } from '../values/facts';

const RANGES: Record<string, [number, number]> = {
  uint: [0, Infinity], uint64: [0, Infinity], uintptr: [0, Infinity], uint32: [0, 4294967295], uint16: [0, 65535], uint8: [0, 255], byte: [0, 255],
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647], rune: [-2147483648, 2147483647],
};

export interface TypeBound { variable: string; type: string }

/** The variable and its type when `cond` holds for every value of that type; undefined otherwise. */
export function alwaysHolds(cond: Node, loop: Node, m: FuncModel): TypeBound | undefined {
  const c = unparen(cond);
  if (c?.type !== 'binary_expression') return undefined;
  let op = c.childForFieldName('operator')?.text ?? '';
  let x = unparen(c.childForFieldName('left'));
  let k = unparen(c.childForFieldName('right'));
  if (x?.type !== 'identifier' && k?.type === 'identifier') {
    [x, k] = [k, x];
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
  }
  if (x?.type !== 'identifier' || !k) return undefined;
  const type = typeOf(x.text, loop, m);
  const r = type ? RANGES[type] : undefined;
  const bound = constant(k);
  if (!type || !r || bound === undefined) return undefined;
  const holds = (op === '>=' && r[0] >= bound) || (op === '>' && r[0] > bound) || (op === '<=' && r[1] <= bound) || (op === '<' && r[1] < bound);
  return holds ? { variable: x.text, type } : undefined;
}

function constant(n: Node): number | undefined {
  const known = knownConstant(n.text);
  if (known !== undefined) return known;
  const v = evalConst(toConstExpr(n, 0), () => undefined);
  return typeof v === 'number' ? v : undefined;
}

/** The declared type of a local or parameter, or of the conversion that the for clause initialises it with. */
function typeOf(name: string, loop: Node, m: FuncModel): string | undefined {
  const declared = m.params.get(name)?.type ?? m.localTypes.get(name);
  if (declared) return declared;
  const init = loop.namedChildren.find((c) => c?.type === 'for_clause')?.childForFieldName('initializer');
  if (init?.type !== 'short_var_declaration') return undefined;
  const lefts = listItems(init.childForFieldName('left'));
  const rights = listItems(init.childForFieldName('right'));
  const i = lefts.findIndex((l) => l.text === name);
  let r = i >= 0 && rights.length === lefts.length ? unparen(rights[i]) : null;
  // `uint(len(s)) - 1`: the conversion on the left decides the type.
  while (r?.type === 'binary_expression') r = unparen(r.childForFieldName('left'));
  return r?.type === 'call_expression' && RANGES[calleeName(r)] && r.childForFieldName('arguments')?.namedChildCount === 1 ? calleeName(r) : undefined;
}
