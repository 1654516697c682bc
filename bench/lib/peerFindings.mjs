// Reads what each peer prints into one shape: { file (absolute), line (1-based), code, message }.

/** `staticcheck -f json`: one JSON object a line. */
export function staticcheckFindings(stdout) {
  const found = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const d = JSON.parse(line);
    found.push({ file: d.location.file, line: d.location.line, code: d.code, message: d.message });
  }
  return found;
}

/** Splits concatenated JSON values (`go vet -json` prints one object per package, unseparated). */
function* jsonValues(text) {
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) yield JSON.parse(text.slice(start, i + 1));
  }
}

/**
 * `go vet -json`: { package: { analyzer: [ { posn: "file:line:col", message } ] | { error } } }.
 * Go 1.26 prints it on stdout, older versions on stderr; lines starting with `#` name packages.
 */
export function vetFindings(output) {
  const text = output.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  const found = [];
  for (const byPackage of jsonValues(text)) {
    for (const byAnalyzer of Object.values(byPackage)) {
      for (const [analyzer, diagnostics] of Object.entries(byAnalyzer)) {
        if (!Array.isArray(diagnostics)) continue; // { error: … }: the analyzer failed on the package
        for (const d of diagnostics) {
          const m = /^(.*):(\d+):\d+$/.exec(d.posn);
          if (m) found.push({ file: m[1], line: Number(m[2]), code: analyzer, message: d.message });
        }
      }
    }
  }
  return found;
}

// gopls check names no analyzer; these messages say which one spoke (the rest are `gopls`).
const goplsAnalyzers = [
  [/causes recursive .*method/, 'printf'],
  [/^ineffective break statement/, 'SA4011'],
  [/^every value of type .* is [<>]=/, 'SA4003'],
  [/^the cancel function .* should be called/, 'lostcancel'],
  [/^defers in this/, 'SA5003'],
  [/^should not have an empty default case/, 'SA5004'],
  [/^the integer division .* results in zero/, 'SA4025'],
];

/** `gopls check FILE…`: `file:line:col[-endcol]: message`. */
export function goplsFindings(stdout) {
  const found = [];
  for (const line of stdout.split('\n')) {
    const m = /^(.+?\.go):(\d+):[\d:-]+: (.*)$/.exec(line);
    if (!m) continue;
    const code = goplsAnalyzers.find(([re]) => re.test(m[3]))?.[1] ?? 'gopls';
    found.push({ file: m[1], line: Number(m[2]), code, message: m[3] });
  }
  return found;
}
