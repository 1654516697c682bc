// Pieces the quick fixes share: zero values of result types, a descriptive error, adding an import.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, TextChange } from './analyzer';
import type { PackageContext } from './values/summaries';
import { maxExpressionDepth } from './nesting';

const numeric = /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|complex(64|128))$/;

/**
 * The zero value of each result (one per name), `error` for error results (the caller builds the
 * error); undefined for a function without a result node means no values; an empty list when there is none.
 */
export function zeroValues(result: Node | null, pkg: PackageContext): string[] | undefined {
  if (!result) return [];
  if (result.type !== 'parameter_list') return [zeroOf(result.text, pkg)];
  const out: string[] = [];
  for (const p of result.namedChildren) {
    if (!p || p.type !== 'parameter_declaration') {
      if (p?.type === 'variadic_parameter_declaration') return undefined;
      continue;
    }
    const type = p.childForFieldName('type')?.text;
    if (!type) return undefined;
    const names = p.childrenForFieldName('name').length;
    for (let i = 0; i < Math.max(names, 1); i++) out.push(zeroOf(type, pkg));
  }
  return out;
}

/** Go's zero value for a type written as text. */
export function zeroOf(type: string, pkg: PackageContext, seen = new Set<string>()): string {
  const t = type.trim();
  if (t === 'error') return 'error';
  if (numeric.test(t)) return '0';
  if (t === 'string') return '""';
  if (t === 'bool') return 'false';
  if (/^(\*|\[\]|map\[|chan\b|<-chan\b|func\b|interface\b)/.test(t) || t === 'any' || t === 'unsafe.Pointer') return 'nil';
  if (/^(\[|struct\b)/.test(t)) return `${t}{}`;
  const decl = pkg.types.get(t);
  // `seen` stops cycles; its size bounds chains of hundreds of named types (and the recursion).
  if (decl && !seen.has(t) && seen.size < maxExpressionDepth) {
    seen.add(t);
    const isAlias = decl.text.startsWith('=');
    const underlying = zeroOf(decl.text.replace(/^=\s*/, ''), pkg, seen);
    if (underlying.endsWith('{}')) return `${t}{}`;
    if (underlying === 'error') return isAlias ? 'error' : 'nil';
    if (underlying.startsWith('*new(')) return `*new(${t})`;
    return underlying;
  }
  return `*new(${t})`;
}

/** A `fmt.Errorf(message, arg)` expression, the name it calls fmt by, and the import of fmt when the file lacks it. */
export function errorResultExpr(file: SourceFile, message: string, arg: string): { expr: string; packageName: string; importChange?: TextChange } {
  const existing = importName(file, 'fmt');
  const name = existing ?? 'fmt';
  return { expr: `${name}.Errorf(${JSON.stringify(message)}, ${arg})`, packageName: name, importChange: existing ? undefined : importEdit(file, 'fmt') };
}

/** The name a package is imported as in this file, if it is imported. */
export function importName(file: SourceFile, path: string): string | undefined {
  for (const spec of importSpecs(file)) {
    if (unquote(spec.childForFieldName('path')?.text ?? '') !== path) continue;
    const alias = spec.childForFieldName('name')?.text;
    if (alias === '_' || alias === '.') continue;
    return alias ?? path.split('/').pop();
  }
  return undefined;
}

function importSpecs(file: SourceFile): Node[] {
  const specs: Node[] = [];
  for (const decl of file.tree.rootNode.namedChildren) {
    if (decl?.type !== 'import_declaration') continue;
    for (const c of decl.namedChildren) {
      if (c?.type === 'import_spec') specs.push(c);
      else if (c?.type === 'import_spec_list') for (const s of c.namedChildren) if (s?.type === 'import_spec') specs.push(s);
    }
  }
  return specs;
}

function unquote(s: string): string {
  return s.replace(/^["`]|["`]$/g, '');
}

/** Adds `import "path"`: into the first import group, turning a single import into a group, or after the package clause. */
export function importEdit(file: SourceFile, path: string): TextChange {
  const root = file.tree.rootNode;
  const decls = root.namedChildren.filter((d): d is Node => d?.type === 'import_declaration');
  const quoted = JSON.stringify(path);
  const group = decls.map((d) => d.namedChildren.find((c) => c?.type === 'import_spec_list')).find((g) => g);
  if (group) {
    const specs = group.namedChildren.filter((s): s is Node => s?.type === 'import_spec');
    const after = specs.find((s) => unquote(s.childForFieldName('path')?.text ?? '') > path);
    if (after) {
      const at = { line: after.startPosition.row, character: after.startPosition.column };
      return { span: { start: at, end: at }, newText: `${quoted}\n\t` };
    }
    const last = specs[specs.length - 1];
    if (last) {
      const at = { line: last.endPosition.row, character: last.endPosition.column };
      return { span: { start: at, end: at }, newText: `\n\t${quoted}` };
    }
  }
  const single = decls[0];
  const spec = single?.namedChildren.find((c) => c?.type === 'import_spec');
  if (single && spec) {
    const other = spec.text;
    const lines = unquote(spec.childForFieldName('path')?.text ?? '') < path ? [other, quoted] : [quoted, other];
    return { span: spanOfNode(single), newText: `import (\n\t${lines.join('\n\t')}\n)` };
  }
  const pkg = root.namedChildren.find((d) => d?.type === 'package_clause');
  const at = pkg ? { line: pkg.endPosition.row, character: pkg.endPosition.column } : { line: 0, character: 0 };
  return { span: { start: at, end: at }, newText: `\n\nimport ${quoted}` };
}

function spanOfNode(n: Node): TextChange['span'] {
  return { start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } };
}
