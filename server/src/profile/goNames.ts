// Go function names as profiles spell them (`example.com/m/pkg.(*Server).handle.func1`) and as the
// source declares them (`func (s *Server) handle(`), brought to one key (`Server.handle`) so a
// profile line can be found in the current text by its function. Pure.

export interface ProfileFunction {
  /** The package path (`main`, `example.com/m/pkg`, `runtime`). */
  packagePath: string;
  /** `Server.handle` for methods, `handler` for functions; the enclosing declaration for closures. */
  key: string;
  /** A function literal inside `key` (`.func1`, `.gowrap2`, `.1`), whose own start line is not the declaration's. */
  closure: boolean;
}

/** Splits a profile's function name into package path and declaration key. */
export function parseFunctionName(profileName: string): ProfileFunction {
  // Type parameters (`F[...]`, `(*T[...]).M`, which may hold paths) and method-value wrappers (`-fm`) are not part of the key.
  const full = profileName.replace(/\[[^\]]*\]/g, '').replace(/-fm$/, '');
  const slash = full.lastIndexOf('/', full.indexOf('(') >= 0 ? full.indexOf('(') : full.length);
  const dot = full.indexOf('.', slash + 1);
  if (dot < 0) return { packagePath: '', key: full, closure: false };
  const packagePath = full.slice(0, dot);
  let rest = full.slice(dot + 1);
  let receiver: string | undefined;
  const m = /^\(\*?([^)]+)\)\.(.*)$/.exec(rest);
  if (m) {
    receiver = m[1];
    rest = m[2];
  }
  const parts = rest.split('.');
  let name = parts[0];
  // `T.M` (value receiver, Go spells it without parentheses) unless it is a closure suffix.
  if (!receiver && parts.length > 1 && !isClosureSuffix(parts[1])) {
    receiver = parts[0];
    name = parts[1];
    parts.shift();
  }
  const closure = parts.slice(1).some(isClosureSuffix);
  return { packagePath, key: receiver ? `${receiver}.${name}` : name, closure };
}

function isClosureSuffix(s: string): boolean {
  return /^(func|gowrap|deferwrap)\d+$/.test(s) || /^\d+$/.test(s);
}

/** Whether a package path is the standard library's (no dot in its first element), not `main`. */
export function isStandardLibrary(packagePath: string): boolean {
  if (packagePath === 'main' || packagePath === '') return false;
  return !packagePath.split('/')[0].includes('.');
}

const declPattern = /^func[ \t]*(?:\([ \t]*(?:[\p{L}_][\p{L}\p{N}_]*[ \t]+)?\*?[ \t]*([\p{L}_][\p{L}\p{N}_]*)(?:\[[^\]\n]*\])?[ \t]*\)[ \t]*)?([\p{L}_][\p{L}\p{N}_]*)[ \t]*[[(]/gmu;

/** Where a declaration is: its first line and the line of its closing brace (0-based). */
export interface FuncExtent { line: number; end: number }

/**
 * Every top-level function and method declaration, by key (`handler`, `Server.handle`). A body ends
 * at the first later line that is a lone `}` (gofmt's layout), else just before the next declaration.
 */
export function declarationLines(text: string): Map<string, FuncExtent> {
  const out = new Map<string, FuncExtent>();
  const starts = lineStarts(text);
  const found: Array<{ key: string; line: number }> = [];
  for (const m of text.matchAll(declPattern)) found.push({ key: m[1] ? `${m[1]}.${m[2]}` : m[2], line: lineAt(starts, m.index ?? 0) });
  found.forEach((d, i) => {
    // `init` may be declared many times: no single line stands for it.
    if (d.key === 'init' || out.has(d.key)) return;
    const next = i + 1 < found.length ? found[i + 1].line : starts.length;
    let end = next - 1;
    for (let l = d.line; l < next; l++) {
      const lineText = text.slice(starts[l], l + 1 < starts.length ? starts[l + 1] : text.length);
      if (/^\}\s*$/.test(lineText) || (l === d.line && /\}\s*$/.test(lineText))) { end = l; break; }
    }
    out.set(d.key, { line: d.line, end });
  });
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
