// Fuzz cases, shared by the fixed-seed test slice and bench/fuzz.mjs: an endless, seeded stream of
// mutated seed files and random programs, the pathological nesting shapes, and a binary file.
import * as fs from 'node:fs';
import { deepShapes, randomProgram } from './generate';
import { mutateBytes, mutateText, mutateTokens } from './mutate';
import { Random } from './random';

export interface FuzzCase { name: string; text: string }

/** Mutated seed files and random programs, forever; each case names how it was made (seed and index replay it). */
export function* fuzzCases(seed: number, seedFiles: readonly string[]): Generator<FuzzCase> {
  const rng = new Random(seed);
  const texts = new Map<string, string>();
  const read = (file: string): string => {
    let t = texts.get(file);
    if (t === undefined) {
      t = fs.readFileSync(file, 'utf8');
      if (texts.size > 64) texts.clear();
      texts.set(file, t);
    }
    return t;
  };
  for (let i = 0; ; i++) {
    const r = rng.fork();
    const kind = r.int(10);
    if (kind < 3 || seedFiles.length === 0) {
      const program = randomProgram(r);
      yield { name: `#${i} random program`, text: kind === 0 ? mutateTokens(r, program) : program };
      continue;
    }
    const file = r.pick(seedFiles);
    const base = read(file);
    const short = file.split(/[\\/]/).slice(-2).join('/');
    if (kind < 6) yield { name: `#${i} tokens of ${short}`, text: mutateTokens(r, base) };
    else if (kind < 8) yield { name: `#${i} bytes of ${short}`, text: mutateBytes(r, base) };
    else if (kind < 9) yield { name: `#${i} text of ${short}`, text: mutateText(r, base) };
    else yield { name: `#${i} unchanged ${short}`, text: base };
  }
}

/** Every nesting shape at each depth. */
export function* deepCases(depths: readonly number[]): Generator<FuzzCase> {
  for (const d of depths) for (const [shape, make] of Object.entries(deepShapes)) yield { name: `${shape} × ${d}`, text: make(d) };
}

/** A binary file read as Latin-1 (every byte a character) and as lenient UTF-8, as if named `.go`. */
export function binaryCases(file: string, maxBytes = Infinity): FuzzCase[] {
  const bytes = fs.readFileSync(file).subarray(0, maxBytes);
  return [
    { name: `binary ${file.split(/[\\/]/).pop()} as Latin-1`, text: bytes.toString('latin1') },
    { name: `binary ${file.split(/[\\/]/).pop()} as UTF-8`, text: bytes.toString('utf8') },
  ];
}
