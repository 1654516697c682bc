// Loop variables an append keeps (`&v`, or a closure that uses `v`): what that means depends on the
// module's language version — one variable per iteration since go 1.22, one for the whole loop
// before. Pure: the loop's header and the append's text in, a sentence out.
import { perIterationLoopVars } from './runtime/rules';
import type { GoVersion } from './runtime/goVersion';

/** The variables a `for` header declares with `:=` (`i` in `for i := 0; …`, `k, v` in `for k, v := range`). */
export function loopVariables(headerText: string): string[] {
  const head = headerText.replace(/^\s*for\b/, '');
  const m = /^\s*([\p{L}_][\p{L}\p{N}_]*(?:\s*,\s*[\p{L}_][\p{L}\p{N}_]*)*)\s*:=/u.exec(head);
  return m ? m[1].split(',').map((s) => s.trim()).filter((s) => s !== '_') : [];
}

/** The loop variables among `vars` that the appended text keeps: by address or in a function literal. */
export function keptLoopVariables(vars: readonly string[], appendText: string): Array<{ name: string; how: 'address' | 'closure' }> {
  const out: Array<{ name: string; how: 'address' | 'closure' }> = [];
  const closureAt = appendText.search(/\bfunc\s*\(/);
  for (const name of vars) {
    const word = `(?<![\\p{L}\\p{N}_.])${name.replace(/[$]/g, '\\$')}(?![\\p{L}\\p{N}_])`;
    if (new RegExp(`&\\s*${word}`, 'u').test(appendText)) out.push({ name, how: 'address' });
    else if (closureAt >= 0 && new RegExp(word, 'u').test(appendText.slice(closureAt))) out.push({ name, how: 'closure' });
  }
  return out;
}

/** What keeping those variables does under the module's language version. */
export function keptLoopVariableSentence(kept: ReadonlyArray<{ name: string; how: 'address' | 'closure' }>, language: GoVersion): string | undefined {
  if (kept.length === 0) return undefined;
  const names = kept.map((k) => `\`${k.name}\``).join(', ');
  const how = kept.every((k) => k.how === 'address') ? 'its address' : kept.every((k) => k.how === 'closure') ? 'a closure over it' : 'its address or a closure over it';
  if (perIterationLoopVars(language)) {
    return `each element keeps ${how} (${names}); with the module's go 1.${language.minor} line every iteration has its own loop variables (since go 1.22), so each iteration also moves a new ${names} to the heap — memory grows by that variable's size class on top of the backing array.`;
  }
  return `each element keeps ${how} (${names}); with the module's go 1.${language.minor} line the loop has one set of variables for all iterations (per-iteration variables need go 1.22), so every element refers to the same variable — it is moved to the heap once and holds only the last iteration's value.`;
}
