// Go type sizes and alignment on 64-bit platforms (amd64, arm64), as the gc compiler lays them out:
// each field at the next multiple of its alignment, the struct padded to its largest alignment, and
// one extra byte before that padding when a non-empty struct ends in a zero-size field (so a pointer
// to that field never points past the object). Types of the package come from its type declarations.
// Pure: type text in, numbers out.
import { maxExpressionDepth } from './nesting';
import type { PackageContext } from './values/summaries';

export interface TypeLayout {
  size: number;
  align: number;
  /** Whether values hold pointers (the GC scans them; growslice's `noscan` is the opposite). */
  pointers: boolean;
  /** How the size was made up, for explanations (`string: 16 B (pointer + length)`). */
  note: string;
  /** Struct fields with their offsets, when the type is a struct. */
  fields?: Array<{ name: string; type: string; offset: number; size: number }>;
}

const word = 8;

const basic: Record<string, [number, number, boolean, string]> = {
  bool: [1, 1, false, 'bool'], int8: [1, 1, false, 'int8'], uint8: [1, 1, false, 'uint8'], byte: [1, 1, false, 'byte'],
  int16: [2, 2, false, 'int16'], uint16: [2, 2, false, 'uint16'],
  int32: [4, 4, false, 'int32'], uint32: [4, 4, false, 'uint32'], rune: [4, 4, false, 'rune'], float32: [4, 4, false, 'float32'],
  int: [8, 8, false, 'int (64-bit)'], uint: [8, 8, false, 'uint (64-bit)'], uintptr: [8, 8, false, 'uintptr'],
  int64: [8, 8, false, 'int64'], uint64: [8, 8, false, 'uint64'], float64: [8, 8, false, 'float64'],
  complex64: [8, 4, false, 'complex64: two float32'], complex128: [16, 8, false, 'complex128: two float64'],
  string: [16, 8, true, 'string: data pointer + length'],
  error: [16, 8, true, 'interface: type word + data pointer'], any: [16, 8, true, 'interface: type word + data pointer'],
  'unsafe.Pointer': [8, 8, true, 'pointer'],
};

/** Layouts of common standard-library types (Go 1.19 – current, 64-bit). */
const library: Record<string, [number, number, boolean, string]> = {
  'time.Time': [24, 8, true, 'time.Time: wall uint64 + ext int64 + loc pointer'],
  'time.Duration': [8, 8, false, 'time.Duration: int64'],
  'time.Month': [8, 8, false, 'time.Month: int'],
  'sync.Mutex': [8, 4, false, 'sync.Mutex: two 32-bit words'],
  'big.Int': [32, 8, true, 'big.Int: sign bool + []Word'],
  'json.RawMessage': [24, 8, true, 'slice header'],
  'json.Number': [16, 8, true, 'string header'],
  'netip.Addr': [24, 8, true, 'netip.Addr: uint128 + zone pointer'],
  'reflect.Value': [24, 8, true, 'reflect.Value: type + pointer + flag'],
  'strings.Builder': [32, 8, true, 'strings.Builder: pointer + []byte'],
  'bytes.Buffer': [40, 8, true, 'bytes.Buffer: []byte + int + int8 (padded)'],
};

/** Computes a type's layout from its source text; undefined when some part is unknown. */
export function layoutOf(typeText: string, pkg?: PackageContext): TypeLayout | undefined {
  const parser = new TypeParser(stripComments(typeText), pkg, new Set());
  try {
    const t = parser.type();
    return parser.atEnd() ? t : undefined;
  } catch {
    return undefined;
  }
}

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

const tokenPattern = /[ \t\r]*(`[^`]*`|"(?:[^"\\\n]|\\.)*"|<-|\.\.\.|[A-Za-z_\p{L}][\w\p{L}\p{N}]*(?:\.[A-Za-z_\p{L}][\w\p{L}\p{N}]*)?|\d[\w.]*|\n|[^\s])/uy;

/** A small recursive-descent parser over Go type syntax. */
class TypeParser {
  private readonly tokens: string[] = [];
  private pos = 0;
  private depth = 0;

  constructor(text: string, private readonly pkg: PackageContext | undefined, private readonly visiting: Set<string>) {
    tokenPattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while (tokenPattern.lastIndex < text.length && (m = tokenPattern.exec(text))) this.tokens.push(m[1]);
    while (this.tokens.length > 0 && /^\s*$/.test(this.tokens[this.tokens.length - 1])) this.tokens.pop();
  }

  atEnd(): boolean {
    this.skipNewlines();
    return this.pos >= this.tokens.length;
  }

  type(): TypeLayout {
    // Types nested (or named through) hundreds of levels are not laid out: the recursion stays bounded.
    if (++this.depth + this.visiting.size > maxExpressionDepth) throw new UnknownType('nested too deeply');
    try {
      return this.typeAt();
    } finally {
      this.depth--;
    }
  }

  private typeAt(): TypeLayout {
    this.skipNewlines();
    const t = this.next();
    if (t === '*') { this.referenced(); return ptr('pointer'); }
    if (t === '(') { const inner = this.type(); this.expect(')'); return inner; }
    if (t === '[') {
      if (this.peek() === ']') { this.next(); this.referenced(); return { size: 24, align: 8, pointers: true, note: 'slice header: pointer + length + capacity' }; }
      if (this.peek() === '...') throw new Error('array length from a literal');
      const len = this.arrayLength();
      const elem = this.type();
      return { size: elem.size * len, align: elem.align, pointers: elem.pointers && len > 0, note: `array of ${len} × ${elem.size} B` };
    }
    if (t === 'map') { this.expect('['); this.referenced(); this.expect(']'); this.referenced(); return ptr('map: pointer to the runtime map'); }
    if (t === 'chan') { if (this.peek() === '<-') this.next(); this.referenced(); return ptr('channel: pointer to the runtime channel'); }
    if (t === '<-') { this.expect('chan'); this.referenced(); return ptr('channel: pointer to the runtime channel'); }
    if (t === 'func') { this.skipBalanced('('); this.skipResult(); return ptr('func value: pointer to a closure'); }
    if (t === 'interface') { this.skipBalanced('{'); return { size: 16, align: 8, pointers: true, note: 'interface: type word + data pointer' }; }
    if (t === 'struct') return this.struct();
    if (t === undefined) throw new Error('end of type');
    if (this.peek() === '[') {
      this.skipBalanced('[');
      throw new UnknownType(`${t}[…]`);
    }
    return this.named(t);
  }

  /** A type behind a pointer (slice, map, channel): its syntax is read, its layout not needed. */
  private referenced(): void {
    try {
      this.type();
    } catch (e) {
      if (!(e instanceof UnknownType)) throw e;
    }
  }

  private named(name: string): TypeLayout {
    const b = basic[name] ?? library[name];
    if (b) return { size: b[0], align: b[1], pointers: b[2], note: b[3] };
    const decl = this.pkg?.types.get(name);
    if (!decl || this.visiting.has(name)) throw new UnknownType(name);
    const text = decl.text.replace(/^=\s*/, '');
    const inner = new TypeParser(stripComments(text), this.pkg, new Set([...this.visiting, name]));
    const t = inner.type();
    return { ...t, note: `${name}: ${t.note}` };
  }

  private struct(): TypeLayout {
    this.expect('{');
    const fields: NonNullable<TypeLayout['fields']> = [];
    let offset = 0;
    let align = 1;
    let pointers = false;
    let lastSize = -1;
    for (;;) {
      this.skipSeparators();
      if (this.peek() === '}') { this.next(); break; }
      const names: string[] = [];
      let layout: TypeLayout;
      let typeText: string;
      const first = this.next() as string;
      if (first === '*') {
        // Embedded pointer: *T or *pkg.T
        const name = this.next() as string;
        layout = ptr('pointer');
        names.push(name.split('.').pop() as string);
        typeText = `*${name}`;
      } else if (this.isFieldEnd(this.peek())) {
        // Embedded type T or pkg.T
        layout = this.named(first);
        names.push(first.split('.').pop() as string);
        typeText = first;
      } else {
        names.push(first);
        while (this.peek() === ',') { this.next(); names.push(this.next() as string); }
        const typeStart = this.pos;
        layout = this.type();
        typeText = joinTokens(this.tokens.slice(typeStart, this.pos));
      }
      if (this.peek()?.startsWith('"') || this.peek()?.startsWith('`')) this.next();
      for (const name of names) {
        offset = roundUp(offset, layout.align);
        fields.push({ name, type: typeText, offset, size: layout.size });
        offset += layout.size;
        align = Math.max(align, layout.align);
        pointers ||= layout.pointers;
        lastSize = layout.size;
      }
    }
    if (lastSize === 0 && offset > 0) offset += 1;
    const size = roundUp(offset, align);
    return { size, align, pointers, note: fields.length === 0 ? 'empty struct' : `struct of ${fields.length} field${fields.length === 1 ? '' : 's'}`, fields };
  }

  private arrayLength(): number {
    const parts: string[] = [];
    while (this.peek() !== ']' && this.peek() !== undefined) parts.push(this.next() as string);
    this.expect(']');
    const text = parts.join('');
    if (/^\d+$/.test(text)) return Number(text);
    if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
    const c = this.pkg?.constValue(text);
    if (c && typeof c.value === 'number' && Number.isInteger(c.value) && c.value >= 0) return c.value;
    throw new Error(`array length ${text}`);
  }

  private isFieldEnd(t: string | undefined): boolean {
    return t === undefined || t === '\n' || t === ';' || t === '}' || t.startsWith('"') || t.startsWith('`');
  }

  private skipResult(): void {
    const t = this.peek();
    if (t === '(') { this.skipBalanced('('); return; }
    if (t === undefined || t === '\n' || t === ';' || t === '}' || t === ')' || t === ']' || t === ',' || t === '{' || t.startsWith('"') || t.startsWith('`')) return;
    this.type();
  }

  private skipBalanced(open: string): void {
    const close = open === '(' ? ')' : open === '{' ? '}' : ']';
    this.expect(open);
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t === undefined) throw new Error('unbalanced');
      if (t === open) depth++;
      else if (t === close) depth--;
    }
  }

  private skipSeparators(): void {
    while (this.peek() === '\n' || this.peek() === ';') this.pos++;
  }

  private skipNewlines(): void {
    while (this.peek() === '\n') this.pos++;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private next(): string | undefined {
    return this.tokens[this.pos++];
  }

  private expect(t: string): void {
    this.skipNewlines();
    if (this.next() !== t) throw new Error(`expected ${t}`);
  }
}

/** Formats a byte count with a binary unit (`1 GiB`, `24 B`, `1.5 MiB`). */
export function formatBytes(bytes: number): string {
  const names = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < names.length - 1) { v /= 1024; i++; }
  const shown = i === 0 || Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${shown} ${names[i]}`;
}

class UnknownType extends Error {}

/** Type tokens back to text: a space only between words and after commas (`map[string][]int`, `chan int`). */
function joinTokens(tokens: string[]): string {
  let out = '';
  for (const t of tokens) {
    if (t === '\n') continue;
    const prev = out[out.length - 1] ?? '';
    out += (/[\w\p{L}]/u.test(prev) && /^[\w\p{L}]/u.test(t)) || prev === ',' ? ` ${t}` : t;
  }
  return out;
}

function ptr(note: string): TypeLayout {
  return { size: word, align: word, pointers: true, note };
}

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
