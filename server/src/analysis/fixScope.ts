// What a name means at the point where a quick fix inserts code: which declaration it resolves to
// (a local, a parameter, a loop variable, a constant, a package-level name) and what type it has,
// so the fixes only assign to what can be assigned and only compare what can be compared.
// Pure and syntactic: the tree and the package context in, no type checker.
import type { Node } from 'web-tree-sitter';
import type { PackageContext } from './values/summaries';
import { fieldTypeIn } from './values/terms';
import { enclosingFunction, FUNCTION_TYPES, listItems, named } from './syntax';

/** What a name is declared as, where; `fn` is the function whose scope declares it (none for package names). */
export interface Binding {
  /** `other`: a package-level function or type. */
  kind: 'const' | 'var' | 'param' | 'loopvar' | 'other';
  fn?: Node;
  /** The declaring identifier (local names only). */
  id?: Node;
  type?: string;
  /** The initial value (the constant's value for a constant), when the declaration gives one. */
  init?: Node;
}

/** A number's kind as far as a fix cares: integer (incl. time.Duration), floating point, or anything else. */
export type NumberKind = 'int' | 'float' | 'other';

const intTypes = /^(u?int(8|16|32|64)?|uintptr|byte|rune|time\.Duration)$/;
const floatTypes = /^float(32|64)$/;

/** The declaration `name` resolves to just before statement `at` (undefined: an import, a builtin or unknown). */
export function resolveName(name: string, at: Node, pkg: PackageContext): Binding | undefined {
  for (let cur = at, p = at.parent; p; cur = p, p = p.parent) {
    const found = declaredIn(name, p, cur);
    if (found) return found;
  }
  const c = pkg.constants.get(name);
  if (c) return { kind: 'const', type: c.type };
  const v = pkg.vars.get(name);
  if (v) return { kind: 'var', type: v.type };
  if (pkg.funcs.has(name) || pkg.types.has(name)) return { kind: 'other' };
  return undefined;
}

/** A declaration of `name` that node `scope` makes visible to its child `child`. */
function declaredIn(name: string, scope: Node, child: Node): Binding | undefined {
  const fn = functionOf(scope);
  switch (scope.type) {
    case 'statement_list': {
      const before = named(scope).filter((s) => s.startIndex < child.startIndex).reverse();
      for (const s of before) {
        const b = declaredBy(name, s, fn);
        if (b) return b;
      }
      return undefined;
    }
    case 'for_statement': {
      const clause = named(scope).find((c) => c.type === 'for_clause' || c.type === 'range_clause');
      if (!clause || clause.id === child.id) return undefined;
      const init = clause.type === 'for_clause' ? clause.childForFieldName('initializer') : clause.text.includes(':=') ? clause : null;
      const ids = init ? listItems(init.childForFieldName('left')) : [];
      const id = ids.find((i) => i.text === name);
      return id ? { kind: 'loopvar', fn, id } : undefined;
    }
    case 'if_statement':
    case 'expression_switch_statement':
    case 'type_switch_statement': {
      const init = scope.childForFieldName('initializer');
      const alias = scope.type === 'type_switch_statement' ? listItems(scope.childForFieldName('alias')).find((i) => i.text === name) : undefined;
      if (alias && child.id !== scope.childForFieldName('alias')?.id) return { kind: 'var', fn, id: alias };
      return init && init.id !== child.id ? declaredBy(name, init, fn) : undefined;
    }
    case 'communication_case': {
      const recv = scope.childForFieldName('communication');
      return recv?.type === 'receive_statement' && recv.text.includes(':=') && recv.id !== child.id ? declaredBy(name, recv, fn) : undefined;
    }
    case 'function_declaration':
    case 'method_declaration':
    case 'func_literal':
      for (const field of ['receiver', 'parameters', 'result']) {
        const list = scope.childForFieldName(field);
        if (list?.type !== 'parameter_list') continue;
        for (const decl of named(list)) {
          const id = decl.childrenForFieldName('name').find((n) => n?.text === name);
          if (id) return { kind: 'param', fn: scope, id, type: decl.childForFieldName('type')?.text };
        }
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A declaration of `name` by one statement (`x := …`, `var x T = …`, `const x = …`, `v := <-ch`). */
function declaredBy(name: string, s: Node, fn: Node | undefined): Binding | undefined {
  if (s.type === 'short_var_declaration' || s.type === 'receive_statement') {
    const lefts = listItems(s.childForFieldName('left'));
    const rights = listItems(s.childForFieldName('right'));
    const i = lefts.findIndex((l) => l.text === name);
    if (i < 0) return undefined;
    return { kind: 'var', fn, id: lefts[i], init: s.type === 'short_var_declaration' && rights.length === lefts.length ? rights[i] : undefined };
  }
  if (s.type !== 'var_declaration' && s.type !== 'const_declaration') return undefined;
  const specs = s.type === 'var_declaration' ? s.descendantsOfType('var_spec') : s.descendantsOfType('const_spec');
  for (const spec of specs) {
    if (!spec || spec.parent?.id !== s.id && spec.parent?.parent?.id !== s.id) continue;
    const names = spec.childrenForFieldName('name');
    const i = names.findIndex((n) => n?.text === name);
    if (i < 0) continue;
    const values = listItems(spec.childForFieldName('value'));
    return { kind: s.type === 'var_declaration' ? 'var' : 'const', fn, id: names[i] ?? undefined, type: spec.childForFieldName('type')?.text, init: values[i] };
  }
  return undefined;
}

function functionOf(n: Node): Node | undefined {
  return FUNCTION_TYPES.has(n.type) ? n : enclosingFunction(n) ?? undefined;
}

/** The type of an expression when the source says it (a declaration, a conversion, a literal's default type). */
export function typeOfExpr(e: Node | null | undefined, at: Node, pkg: PackageContext, depth = 0): string | undefined {
  if (!e || depth > 8) return undefined;
  switch (e.type) {
    case 'int_literal': return 'int';
    case 'float_literal': return 'float64';
    case 'rune_literal': return 'rune';
    case 'parenthesized_expression': return typeOfExpr(e.namedChild(0), at, pkg, depth + 1);
    case 'unary_expression': return /^[-+^]/.test(e.text) ? typeOfExpr(e.childForFieldName('operand'), at, pkg, depth + 1) : undefined;
    case 'identifier': {
      const b = resolveName(e.text, at, pkg);
      return b?.type || (b?.init ? typeOfExpr(b.init, b.id ?? at, pkg, depth + 1) : undefined);
    }
    case 'selector_expression': {
      const field = e.childForFieldName('field')?.text ?? '';
      return fieldTypeIn(pkg, field);
    }
    case 'call_expression': {
      const callee = e.childForFieldName('function')?.text ?? '';
      if (callee === 'len' || callee === 'cap') return 'int';
      return intTypes.test(callee) || floatTypes.test(callee) || pkg.types.has(callee) ? callee : undefined;
    }
    case 'binary_expression': {
      const op = e.childForFieldName('operator')?.text ?? '';
      if (/^(==|!=|<|<=|>|>=|&&|\|\|)$/.test(op)) return 'bool';
      const left = e.childForFieldName('left');
      const right = e.childForFieldName('right');
      // An untyped literal takes the other operand's type.
      const typed = (n: Node | null) => (n && !/_literal$/.test(n.type) ? typeOfExpr(n, at, pkg, depth + 1) : undefined);
      return typed(left) ?? (/^(<<|>>)$/.test(op) ? undefined : typed(right)) ?? typeOfExpr(left, at, pkg, depth + 1);
    }
    default: return undefined;
  }
}

/** The kind of number a type is (through named types of the package); undefined when unknown (e.g. a type parameter). */
export function numberKind(type: string | undefined, pkg: PackageContext, depth = 0): NumberKind | undefined {
  if (!type || depth > 8) return undefined;
  const t = type.trim();
  if (intTypes.test(t)) return 'int';
  if (floatTypes.test(t)) return 'float';
  const decl = pkg.types.get(t);
  if (decl) return numberKind(decl.text.replace(/^=\s*/, ''), pkg, depth + 1) ?? 'other';
  if (/^(string|bool|complex(64|128)|error|any)$/.test(t)) return 'other';
  // A plain name the package does not declare: a type parameter (its constraint decides) or unknown.
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(t)) return undefined;
  return 'other';
}
