// Predicted escape facts, from the syntax tree alone (no Go toolchain, or an untrusted workspace).
// It claims only the common, near-certain heap allocations — an address returned or stored beyond
// the frame, values boxed for fmt/log/panic, `make` with a non-constant size, goroutine and
// returned closures and what they capture by reference — and stays silent when unsure.
// The rules are in predictRules.ts, the data-flow graph in predictGraph*.ts. Measured against the
// compiler by bench/escape.mjs and bench/escape-gotest.mjs. Pure: no LSP, no VS Code, no I/O.
import type { Node, Tree } from 'web-tree-sitter';
import type { PackageContext } from '../analysis/values/summaries';
import { type PredictContext, compact, importsOf, literalName } from './predictFlow';
import { libraryCallee } from './predictLibrary';
import { walkLive } from './predictLive';
import { type Resolution, resolveFunction } from './predictScope';
import { behavesLikeGo119 } from './predictMake';
import { type FuncEscapeSummary, FunctionIndex, summarizeEscapes } from './predictSummary';
import { classifyType } from './predictTypes';
import type { EscapeFact, EscapeKind } from './types';
import type { GraphSummary } from './predictGraph';
import { functionGraph, graphSummaries } from './predictGraphCall';
import { predictNode } from './predictRules';
import { nestingExceeds } from '../analysis/nesting';

export type { PredictContext } from './predictFlow';

export interface PredictOptions {
  /** Declarations of the whole package (constants, types, globals), for better typing. */
  pkg?: PackageContext;
  /** The Go version facts are predicted for (`1.25`); from 1.25 small variable-size makes may stay on the stack. */
  goVersion?: string;
  /** Summaries of the package's functions (summarizeEscapes of each file); this file's are added. */
  funcs?: readonly FuncEscapeSummary[];
  /** What the package's functions do with their parameters (packageGraphSummaries); else this file's are computed. */
  graphSummaries?: ReadonlyMap<string, GraphSummary>;
  /** Target platform (`linux`, `amd64`): code under a false `runtime.GOOS == …` is not compiled. */
  goos?: string;
  goarch?: string;
}

export interface PredictInput {
  /** The file's path, copied into each fact. */
  path: string;
  tree: Tree;
}

/** Predicts escape facts for one file. */
export function predictEscapes(input: PredictInput, options: PredictOptions = {}): EscapeFact[] {
  const facts: EscapeFact[] = [];
  const seen = new Set<string>();
  const imports = importsOf(input.tree.rootNode);
  const add: PredictContext['add'] = (node, kind, name, why, at = node) => {
    const line = at.startPosition.row + 1;
    const column = at.startPosition.column + 1;
    const key = `${kind}:${line}:${column}:${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    facts.push({ file: input.path, line, column, kind, name, message: messageFor(kind, name), why, source: 'predicted' });
  };
  const funcs = new FunctionIndex([...(options.funcs ?? []), ...summarizeEscapes(input.tree, options.pkg)]);
  const contextFor = (res: Resolution): PredictContext => ({
    file: input.path, env: { pkg: options.pkg, imports, useOf: res.useOf, resultOf: (name) => funcs.func(name)?.result }, res, declOf: new Map(res.vars.map((v) => [v.decl.id, v])), options, funcs, add,
  });
  const units = functionUnits(input.tree, contextFor);
  const summaries = options.graphSummaries ?? graphSummaries(units);
  for (const decl of input.tree.rootNode.namedChildren) {
    if (decl?.type === 'var_declaration' && nestingExceeds(decl.text) < 0) predictPackageVars(decl, contextFor({ vars: [], useOf: new Map() }));
  }
  for (const { decl, ctx } of units) {
    walkLive(decl, ctx, (node) => predictNode(node, ctx));
    functionGraph(decl, ctx, summaries, true);
  }
  return facts;
}

/** The file's function and method declarations with bodies, each with its resolution. */
function functionUnits(tree: Tree, contextFor: (res: Resolution) => PredictContext): Array<{ decl: Node; ctx: PredictContext }> {
  const out: Array<{ decl: Node; ctx: PredictContext }> = [];
  for (const decl of tree.rootNode.namedChildren) {
    // Declarations nested beyond the analysis's limit are skipped here too (see analysis/nesting.ts).
    if (!decl || nestingExceeds(decl.text) >= 0) continue;
    if ((decl.type !== 'function_declaration' && decl.type !== 'method_declaration') || !decl.childForFieldName('body')) continue;
    out.push({ decl, ctx: contextFor(resolveFunction(decl)) });
  }
  return out;
}

/** Graph summaries of every function of the package's files (for predictEscapes' graphSummaries). */
export function packageGraphSummaries(inputs: readonly PredictInput[], options: PredictOptions = {}): Map<string, GraphSummary> {
  const units = inputs.flatMap((input) => {
    const imports = importsOf(input.tree.rootNode);
    const funcs = new FunctionIndex([...(options.funcs ?? [])]);
    return functionUnits(input.tree, (res) => ({
      file: input.path, env: { pkg: options.pkg, imports, useOf: res.useOf, resultOf: (name) => funcs.func(name)?.result }, res,
      declOf: new Map(res.vars.map((v) => [v.decl.id, v])), options, funcs, add: () => undefined,
    }));
  });
  return graphSummaries(units);
}

/** Allocations that initialise package variables live on the heap (they are stored in a global). */
export function predictPackageVars(decl: Node, ctx: PredictContext): void {
  for (const value of decl.descendantsOfType('expression_list')) {
    if (value?.parent?.type !== 'var_spec') continue;
    for (const e of value.namedChildren) {
      if (!e) continue;
      const why = 'stored in a package variable';
      if (e.type === 'composite_literal' && classifyType(e.childForFieldName('type')?.text, ctx.env) === 'map') {
        ctx.add(e, 'escapes', literalName(e), why, e.childForFieldName('body') ?? e);
      } else if (e.type === 'call_expression') {
        const fn = e.childForFieldName('function');
        const argList = e.childForFieldName('arguments');
        const args = argList?.namedChildren.filter((n): n is Node => !!n) ?? [];
        if (!fn || !argList) continue;
        const library = libraryCallee(fn, ctx);
        if (library?.importPath === 'errors' && library.name === 'New') {
          if (behavesLikeGo119(ctx.options.goVersion)) ctx.add(e, 'escapes', '&errors.errorString{...}', why, argList);
        }
        else if (fn.type === 'identifier' && (fn.text === 'new' || (fn.text === 'make' && /^(slice|map)$/.test(classifyType(args[0]?.text, ctx.env))))) {
          ctx.add(e, 'escapes', `${fn.text}(${args.map((a) => compact(a.text)).join(', ')})`, why, argList);
        }
      }
    }
  }
}

/** The compiler's wording of a fact. */
export function messageFor(kind: EscapeKind, name: string): string {
  if (kind === 'moved-to-heap') return `moved to heap: ${name}`;
  if (kind === 'append-growth') return `append regrows the backing array of ${name} on the heap`;
  return `${name} escapes to heap`;
}
