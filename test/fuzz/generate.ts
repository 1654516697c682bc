// Generated Go for fuzzing: random loop/append programs (the shapes the rules look at, valid or
// nearly so), pathological nesting, and large files. Deterministic for a given Random.
import type { Random } from './random';

const TYPES = ['int', 'string', '[]byte', 'Item', '*Item', 'error', 'time.Duration', 'uint8', 'map[string]int', 'struct{}'];
const STEPS = ['step', '1', '0', 'n', 'k', 'zero', 'size', 'len(s)', 'int(data[0])', 'step - 1', 'n / 2', 'max(step, 1)', 'getStep()', 'cfg.Step', 'chunk'];
const LIMITS = ['len(items)', 'n', 'len(data)', 'limit', 'cap(out)', '100', 'len(s)'];

/** A random Go file of loops that grow slices, maps, strings and builders, with and without guards. */
export function randomProgram(rng: Random, functions = rng.between(1, 8)): string {
  const out: string[] = ['package fuzz', '', 'import (', '\t"fmt"', '\t"strings"', '\t"time"', ')', ''];
  out.push('const (', '\tzero = 0', '\tsize = 1 << iota', '\tchunk', ')', '');
  out.push('type Item struct {', '\tID   string', '\tN    int', '\tTags []string', '\tAt   time.Time', '}', '');
  out.push('type Config struct{ Step int }', '', 'var cfg Config', '', 'func getStep() int { return cfg.Step }', '');
  for (let f = 0; f < functions; f++) out.push(...randomFunction(rng, f), '');
  return out.join('\n');
}

function randomFunction(rng: Random, index: number): string[] {
  if (rng.chance(0.12)) return recursiveFunction(rng, index);
  const lines = [`func fn${index}(items []Item, step, n, k, limit int, s string, data []byte, d time.Duration) []Item {`];
  lines.push('\tvar out []Item', '\tm := map[string]int{}', '\tvar sb strings.Builder', '\ttext := ""', '\tt := time.Now()', '\tend := t.Add(time.Hour)');
  const count = rng.between(1, 4);
  for (let i = 0; i < count; i++) lines.push(...statement(rng, 1, 0));
  lines.push('\t_, _, _, _, _ = m, sb, text, t, end', '\treturn out', '}');
  return lines;
}

function recursiveFunction(rng: Random, index: number): string[] {
  switch (rng.int(4)) {
    case 0: return [`type R${index} struct{ v int }`, '', `func (r R${index}) String() string {`, `\treturn fmt.Sprintf("${rng.pick(['%v', '%s', '%d', '%+v'])}", r)`, '}'];
    case 1: return [`func rec${index}(n int) int {`, rng.chance(0.5) ? '\tif n <= 0 {\n\t\treturn 0\n\t}' : '', `\treturn rec${index}(n${rng.pick(['', ' - 1', ' + 1'])}) + 1`, '}'];
    case 2: return [`type E${index} struct{ msg string }`, '', `func (e *E${index}) Error() string {`, `\treturn fmt.Sprint(${rng.pick(['e', '*e', 'e.msg'])})`, '}'];
    default: return [`func loop${index}(n int) {`, `\tfor n > 0 && loop${index}Check(n) {`, '\t}', '}', '', `func loop${index}Check(n int) bool { return loop${index}Check(n) }`];
  }
}

function indent(depth: number): string {
  return '\t'.repeat(depth);
}

function statement(rng: Random, depth: number, loopDepth: number): string[] {
  const ind = indent(depth);
  const r = rng.int(depth > 4 ? 6 : 12);
  switch (r) {
    case 0: return [`${ind}out = append(out, ${rng.pick(['items[0]', 'Item{}', 'Item{ID: s}', 'items...'])})`];
    case 1: return [`${ind}m[${rng.pick(['s', 'fmt.Sprint(n)', 'text', '"k"'])}] = ${rng.pick(['n', '1', 'len(out)'])}`];
    case 2: return [`${ind}${rng.pick(['text += s', 'sb.WriteString(s)', 'text = text + "x"', 'n++', 'k--', 'step = max(step, 1)', 'data = data[1:]', 'out = out[:0]'])}`];
    case 3: return guard(rng, depth, loopDepth);
    case 4: return [`${ind}if ${rng.pick(['n > limit', 'len(out) > 10', 'step == 0', 's == ""', 'k < 0'])} {`, ...exitOrNot(rng, depth + 1, loopDepth), `${ind}}`];
    case 5: return [`${ind}${rng.pick(['step', 'n', 'k', 'limit'])} = ${rng.pick(STEPS)}`];
    default: return loop(rng, depth, loopDepth);
  }
}

function guard(rng: Random, depth: number, loopDepth: number): string[] {
  const ind = indent(depth);
  const v = rng.pick(['step', 'n', 'k', 'd']);
  switch (rng.int(4)) {
    case 0: return [`${ind}if ${v} <= 0 {`, `${ind}\t${loopDepth > 0 && rng.chance(0.5) ? 'break' : 'return nil'}`, `${ind}}`];
    case 1: return [`${ind}if ${v} == 0 {`, `${ind}\t${v} = 1`, `${ind}}`];
    case 2: return [`${ind}if ${v} < 1 {`, `${ind}\tpanic("bad ${v}")`, `${ind}}`];
    default: return [`${ind}${v} = max(${v}, 1)`];
  }
}

function exitOrNot(rng: Random, depth: number, loopDepth: number): string[] {
  const ind = indent(depth);
  const exits = ['return out', 'panic("stop")', 'os.Exit(1)', 'n = 0'];
  if (loopDepth > 0) exits.push('break', 'continue', 'break outer');
  return [`${ind}${rng.pick(exits)}`];
}

function loop(rng: Random, depth: number, loopDepth: number): string[] {
  const ind = indent(depth);
  const v = ['i', 'j', 'p', 'q', 'r'][loopDepth % 5];
  const label = loopDepth === 0 && rng.chance(0.2) ? [`${ind}outer:`] : [];
  let head: string;
  switch (rng.int(9)) {
    case 0: head = `for ${v} := 0; ${v} < ${rng.pick(LIMITS)}; ${v} += ${rng.pick(STEPS)} {`; break;
    case 1: head = `for ${v} := ${rng.pick(['0', '1', 'n', 'k'])}; ${v} < ${rng.pick(LIMITS)}; ${v} ${rng.pick(['*=', '<<=', '*='])} ${rng.pick(['2', 'k', '1', 'step'])} {`; break;
    case 2: head = `for len(data) > 0 {\n${ind}\tdata = data[${rng.pick(['k', '1', 'n', 'step'])}:]`; break;
    case 3: head = `for t.Before(end) {\n${ind}\tt = t.Add(${rng.pick(['d', 'time.Second', '0', 'time.Duration(step)'])})`; break;
    case 4: head = 'for {'; break;
    case 5: head = `for ${v} := 0; ${v} < ${rng.pick(LIMITS)}; ${rng.pick(['i', 'j', v])}++ {`; break;
    case 6: head = `for _, it := range items {\n${ind}\t_ = it`; break;
    case 7: head = `for ${rng.pick(['n', 'k', 'limit'])} ${rng.pick(['>', '!=', '>='])} 0 {`; break;
    default: head = `for off := 0; off < len(data); off += ${rng.pick(STEPS)} {`;
  }
  const body: string[] = [];
  const count = rng.between(0, 3);
  for (let i = 0; i < count; i++) body.push(...statement(rng, depth + 1, loopDepth + 1));
  if (rng.chance(0.2)) body.push(`${ind}\tgo func() { ${rng.pick(['n++', 'step = 2', 'out = nil', '_ = n'])} }()`);
  return [...label, `${ind}${head}`, ...body, `${ind}}`];
}

/** Code nested `depth` levels deep in one of many ways (the analysis must skip or survive it). */
export const deepShapes: Record<string, (depth: number) => string> = {
  blocks: (d) => fn(`${'{\n'.repeat(d)}${LOOP}\n${'}\n'.repeat(d)}`),
  ifs: (d) => fn(`${'if s > 0 {\n'.repeat(d)}${LOOP}\n${'}\n'.repeat(d)}`),
  fors: (d) => fn(`${'for i := 0; i < len(items); i += s {\n'.repeat(d)}out = append(out, 1)\n${'}\n'.repeat(d)}`),
  forever: (d) => fn(`${'for {\n'.repeat(d)}out = append(out, 1)\n${'}\n'.repeat(d)}`),
  switches: (d) => fn(`${'switch {\ncase s > 0:\n'.repeat(d)}${LOOP}\n${'}\n'.repeat(d)}`),
  closures: (d) => fn(`${'func() {\n'.repeat(d)}${LOOP}\n${'}()\n'.repeat(d)}`),
  elseIf: (d) => fn(`if s == -1 {\nreturn nil\n}${' else if s == 0 {\ns = 1\n}'.repeat(d)}\n${LOOP}`),
  labels: (d) => fn(`${Array.from({ length: d }, (_, i) => `L${i}:`).join('\n')}\n${LOOP}`),
  parens: (d) => fn(`s = ${'('.repeat(d)}s${')'.repeat(d)}\n${LOOP}`),
  binary: (d) => fn(`s = s${' + s'.repeat(d)}\n${LOOP}`),
  binaryStep: (d) => fn(`for i := 0; i < len(items); i += s${' - s'.repeat(d)} {\nout = append(out, i)\n}`),
  calls: (d) => fn(`s = ${'g('.repeat(d)}s${')'.repeat(d)}\n${LOOP}`),
  callChain: (d) => fn(`s = b${'.X()'.repeat(d)}.N()\n${LOOP}`),
  selectors: (d) => fn(`for i := 0; i < len(items); i += t${'.a'.repeat(d)} {\nout = append(out, i)\n}`),
  indexes: (d) => fn(`for i := 0; i < len(items); i += m${'[0]'.repeat(d)} {\nout = append(out, i)\n}`),
  unary: (d) => fn(`for i := 0; i < len(items); i += ${'- '.repeat(d)}s {\nout = append(out, i)\n}`),
  not: (d) => fn(`if ${'!'.repeat(d)}(s > 0) {\nreturn nil\n}\n${LOOP}`),
  andChain: (d) => fn(`if s > 0${' && s > 1'.repeat(d)} {\nreturn nil\n}\n${LOOP}`),
  orCalls: (d) => fn(`for s > 0${' || f(s)'.repeat(d)} {\n}\n${LOOP}`),
  concat: (d) => fn(`x := ""\nfor {\nx += "a"${' + "b"'.repeat(d)}\n}`),
  literal: (d) => fn(`v := ${'[]any{'.repeat(d)}1${'}'.repeat(d)}\n_ = v\n${LOOP}`),
  types: (d) => `package p\n\ntype T ${'[]'.repeat(d)}int\n\n${fn(`var ts []T\nfor {\nts = append(ts, nil)\n}`).replace(/^package p\n/, '')}`,
  pointers: (d) => `package p\n\ntype T ${'*'.repeat(d)}int\n\n${fn(`var ts []T\nfor {\nts = append(ts, nil)\n}`).replace(/^package p\n/, '')}`,
  structs: (d) => `package p\n\ntype T ${'struct { a '.repeat(d)}int${' }'.repeat(d)}\n\n${fn(`var ts []T\nfor {\nts = append(ts, T{})\n}`).replace(/^package p\n/, '')}`,
  aliasChain: (d) => `package p\n\n${Array.from({ length: d }, (_, i) => `type T${i} T${i + 1}`).join('\n')}\ntype T${d} struct{ a int }\n\nfunc f(items []T0, s int) (T0, error) {\n\tvar out []T0\n\tfor i := 0; i < len(items); i += s {\n\t\tout = append(out, items[i])\n\t}\n\treturn out[0], nil\n}\n`,
  constChain: (d) => `package p\n\nconst c0 = 0\n${Array.from({ length: d }, (_, i) => `const c${i + 1} = c${i} + 1`).join('\n')}\n\nfunc f(items []int) []int {\n\tvar out []int\n\tfor i := 0; i < len(items); i += c${d} {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n`,
  localChain: (d) => fn(`v0 := s\n${Array.from({ length: d }, (_, i) => `v${i + 1} := v${i}`).join('\n')}\nfor i := 0; i < len(items); i += v${d} {\nout = append(out, i)\n}`),
  recursion: (d) => `package p\n\nfunc f(n int) int {\n${'if n > 0 {\n'.repeat(d)}return f(n)\n${'}\n'.repeat(d)}return f(n)\n}\n`,
  buildTags: (d) => `//go:build ${'('.repeat(d)}linux${')'.repeat(d)}\n\n${fn(LOOP)}`,
  comments: (d) => fn(`${'/* { ( [ */'.repeat(d)}\n${'// {{{{\n'.repeat(d)}${LOOP}`),
  strings: (d) => fn(`x := "${'{'.repeat(d)}"\ny := \`${'(['.repeat(d)}\`\n_, _ = x, y\n${LOOP}`),
};

const LOOP = 'for i := 0; i < len(items); i += s {\nout = append(out, i)\n}';

function fn(body: string): string {
  return `package p\n\nfunc f(items []int, s int, b B, t T, m [][]int) []int {\nvar out []int\n${body}\nreturn out\n}\n`;
}

/** Many small functions, some with loops that are flagged, up to about `bytes` bytes. */
export function manyFunctions(bytes: number, functions?: number): string {
  const out: string[] = ['package big', '', 'type Item struct{ N int }', ''];
  let size = out.join('\n').length;
  const per = functions ? Math.max(1, Math.floor(bytes / functions)) : 0;
  for (let i = 0; functions ? i < functions : size < bytes; i++) {
    let f: string;
    if (i % 10 === 0) f = `func g${i}(items []Item, s int) []Item {\n\tvar out []Item\n\tfor i := 0; i < len(items); i += s {\n\t\tout = append(out, items[i])\n\t}\n\treturn out\n}\n`;
    else if (i % 10 === 1) f = `func g${i}(n int) int {\n\tt := 0\n\tfor i := 0; i < n; i++ {\n\t\tt += i\n\t}\n\treturn t\n}\n`;
    else f = `func g${i}(a, b int) int { return a*${i % 97} + b }\n`;
    if (per > f.length + 4) f += `// ${'x'.repeat(per - f.length - 4)}\n`;
    out.push(f);
    size += f.length + 1;
  }
  return out.join('\n');
}
