// What the predictor knows of library functions: which of their interface parameters leak (a value
// passed there is boxed on the heap), and how to tell a call of an imported package's function. Pure.
import type { Node } from 'web-tree-sitter';
import type { PredictContext } from './predictFlow';
import { behavesLikeGo119 } from './predictMake';
import { typeOfExpr } from './predictTypes';

/**
 * Library functions whose interface (`any`, `io.Writer`, `sort.Interface`) parameters leak to the heap,
 * by import path and name: the index of the first such parameter (all later ones leak too), or the
 * list of them. A concrete value passed there is boxed on the heap; a pointer passed there escapes.
 */
const BOXING_CALLS: Record<string, Record<string, number | number[]>> = {
  fmt: {
    Print: 0, Println: 0, Sprint: 0, Sprintln: 0, Printf: 1, Sprintf: 1, Errorf: 1, Fprint: 0, Fprintln: 0, Fprintf: [0, 2],
    Append: 1, Appendln: 1, Appendf: 2, Sscan: 1, Sscanln: 1, Sscanf: 2, Scan: 0, Scanln: 0, Scanf: 1, Fscan: 0, Fscanln: 0, Fscanf: [0, 2],
  },
  log: { Print: 0, Println: 0, Fatal: 0, Fatalln: 0, Panic: 0, Panicln: 0, Printf: 1, Fatalf: 1, Panicf: 1 },
  sort: { Sort: 0, Stable: 0, IsSorted: 0, Slice: [0], SliceStable: [0], SliceIsSorted: [0] },
  'container/heap': { Init: 0, Push: 0, Pop: 0, Remove: [0], Fix: [0] },
  reflect: { ValueOf: 0 },
  'encoding/json': { Marshal: 0, MarshalIndent: [0], Unmarshal: [1] },
  'encoding/xml': { Marshal: 0, MarshalIndent: [0], Unmarshal: [1] },
  'encoding/binary': { Write: [0, 2], Read: [0, 2] },
};

/** Library methods that leak their interface parameters, by receiver type (import path and name). */
const BOXING_METHODS: Record<string, Record<string, number | number[]>> = {
  'encoding/json.Decoder': { Decode: [0] }, 'encoding/json.Encoder': { Encode: [0] },
  'encoding/xml.Decoder': { Decode: [0], DecodeElement: [0] }, 'encoding/xml.Encoder': { Encode: [0], EncodeElement: [0] },
  'encoding/gob.Decoder': { Decode: [0] }, 'encoding/gob.Encoder': { Encode: [0] },
  'log.Logger': { Print: 0, Println: 0, Fatal: 0, Fatalln: 0, Panic: 0, Panicln: 0, Printf: 1, Fatalf: 1, Panicf: 1 },
};

export interface BoxingCall { name: string; leaks(index: number): boolean }

/** `fmt.Println`, `sort.Sort`, `dec.Decode` and friends, when the package is the imported one and not shadowed. */
export function boxingCall(fn: Node, ctx: PredictContext): BoxingCall | undefined {
  const callee = libraryCallee(fn, ctx);
  const spec = callee ? BOXING_CALLS[callee.importPath]?.[callee.name] : libraryMethod(fn, ctx);
  if (spec === undefined) return undefined;
  if (callee?.importPath === 'reflect' && callee.name === 'ValueOf' && !behavesLikeGo119(ctx.options.goVersion)) return undefined;
  return { name: fn.text, leaks: (i) => (typeof spec === 'number' ? i >= spec : spec.includes(i)) };
}

function libraryMethod(fn: Node, ctx: PredictContext): number | number[] | undefined {
  if (fn.type !== 'selector_expression') return undefined;
  const type = typeOfExpr(fn.childForFieldName('operand'), ctx.env)?.replace(/^\*/, '');
  const m = type && /^(.+)\.(\w+)$/.exec(type);
  if (!m) return undefined;
  const importPath = m[1].includes('/') || !ctx.env.imports.has(m[1]) ? m[1] : ctx.env.imports.get(m[1])!;
  return BOXING_METHODS[`${importPath}.${m[2]}`]?.[fn.childForFieldName('field')?.text ?? ''];
}

/** `pkg.Name` where pkg is an import of this file (not a local variable): its path and Name. */
export function libraryCallee(fn: Node, ctx: PredictContext): { importPath: string; name: string } | undefined {
  if (fn.type !== 'selector_expression') return undefined;
  const operand = fn.childForFieldName('operand');
  if (operand?.type !== 'identifier' || ctx.res.useOf.has(operand.id)) return undefined;
  const importPath = ctx.env.imports.get(operand.text);
  return importPath ? { importPath, name: fn.childForFieldName('field')?.text ?? '' } : undefined;
}
