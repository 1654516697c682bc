// What a computation read of its package context: every question it asked (a declaration by name,
// a constant's value, a whole table, what callers pass or whether a field is set from a parameter)
// with the answer it got, as comparable strings. A computation made against one context holds
// against another that answers the same questions alike, so an edit that changes some package
// declaration (or a syntax error that hides one) recomputes only what asked about it. Answers
// compare without lines and files: a declaration that moved answers alike.
// Pure: no LSP, no I/O.
import { declarationTables, declarationText, type DeclarationTable, type PackageContext } from './summaries';

/** Question → answer, both as strings. */
export type PackageAnswers = Map<string, string>;

function tableKey(pkg: PackageContext, table: DeclarationTable): string {
  return JSON.stringify([...pkg[table]].map(([name, d]) => [name, declarationText(d)]));
}

/** The answer to one recorded question, asked of `pkg`. */
function answer(pkg: PackageContext | undefined, question: string): string {
  if (!pkg) return '';
  const [kind, name, method, index] = question.split('\0') as [string, string, string?, string?];
  if (kind === 'name') return pkg.packageName;
  if (kind === 'has') return String(pkg[name as 'fieldSetFromParameter' | 'argumentsFromCallers'] !== undefined);
  if (kind === 'field') return String(pkg.fieldSetFromParameter?.(name));
  if (kind === 'callers') return JSON.stringify(pkg.argumentsFromCallers?.(name, method === '1', Number(index)) ?? null);
  if (kind === 'value') {
    const c = pkg.constValue(name);
    return c ? `${JSON.stringify(c.value)} ${declarationText(c.decl)}` : '';
  }
  if (kind.endsWith('*')) return tableKey(pkg, kind.slice(0, -1) as DeclarationTable);
  return declarationText(pkg[kind as DeclarationTable].get(name));
}

/** Whether `pkg` answers every recorded question as it was answered. */
export function answersHold(answers: ReadonlyMap<string, string>, pkg: PackageContext | undefined): boolean {
  for (const [q, a] of answers) if (answer(pkg, q) !== a) return false;
  return true;
}

/**
 * answersHold against one context for many computations that share questions: each question is
 * answered once.
 */
export function answersMemo(pkg: PackageContext | undefined): (answers: ReadonlyMap<string, string>) => boolean {
  const now = new Map<string, string>();
  return (answers) => {
    for (const [q, a] of answers) {
      let b = now.get(q);
      if (b === undefined) now.set(q, b = answer(pkg, q));
      if (b !== a) return false;
    }
    return true;
  };
}

/**
 * `pkg` as seen by a computation that records its questions into `into()` (a function, so one
 * view can serve successive computations). Undefined stays undefined.
 */
export function recordingPackage(pkg: PackageContext | undefined, into: () => PackageAnswers): PackageContext | undefined {
  if (!pkg) return undefined;
  const ask = (question: string): void => {
    const answers = into();
    if (!answers.has(question)) answers.set(question, answer(pkg, question));
  };
  const view = (table: DeclarationTable): ReadonlyMap<string, unknown> => {
    const m = pkg[table] as ReadonlyMap<string, unknown>;
    const whole = (): ReadonlyMap<string, unknown> => { ask(`${table}*`); return m; };
    return {
      get: (name: string) => { ask(`${table}\0${name}`); return m.get(name); },
      has: (name: string) => { ask(`${table}\0${name}`); return m.has(name); },
      get size() { return whole().size; },
      keys: () => whole().keys(),
      values: () => whole().values(),
      entries: () => whole().entries(),
      forEach: (f: (v: unknown, k: string, map: ReadonlyMap<string, unknown>) => void) => whole().forEach(f),
      [Symbol.iterator]: () => whole()[Symbol.iterator](),
    };
  };
  const out = Object.create(pkg) as Record<string, unknown>;
  for (const t of declarationTables) out[t] = view(t);
  Object.defineProperty(out, 'packageName', { get: () => { ask('name\0'); return pkg.packageName; } });
  out.constValue = (name: string) => { ask(`value\0${name}`); return pkg.constValue(name); };
  // Questions about calls and fields: whether the context can answer them at all, then each answer.
  const fieldSet = (name: string): boolean => { ask(`field\0${name}`); return pkg.fieldSetFromParameter!(name); };
  const callers = (name: string, method: boolean, index: number): number[] | undefined => {
    ask(`callers\0${name}\0${method ? 1 : 0}\0${index}`);
    return pkg.argumentsFromCallers!(name, method, index);
  };
  Object.defineProperty(out, 'fieldSetFromParameter', { get: () => { ask('has\0fieldSetFromParameter'); return pkg.fieldSetFromParameter ? fieldSet : undefined; } });
  Object.defineProperty(out, 'argumentsFromCallers', { get: () => { ask('has\0argumentsFromCallers'); return pkg.argumentsFromCallers ? callers : undefined; } });
  return out as unknown as PackageContext;
}
