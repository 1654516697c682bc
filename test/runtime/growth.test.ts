// append's growth as each installed Go toolchain really does it, against our simulation for that
// release: a generated program appends to slices of 1, 8, 24, 40 and 4096-byte elements, with and
// without pointers, and prints every cap() change; the simulation must give the same capacities.
// Needs the go on PATH and Go 1.19 (see toolchains.ts); a missing one fails the suite.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { simulateAppend } from '../../server/src/analysis/growth';
import { parseGoVersion } from '../../server/src/analysis/runtime/goVersion';
import { runtimeRules } from '../../server/src/analysis/runtime/rules';
import { runProgram, type ElementCase } from './growthProgram';
import { toolchains, type Toolchain } from './toolchains';

/** Element types; a 1-byte type cannot hold a pointer, so size 1 has the pointer-free case only. */
export const elementCases: ElementCase[] = [
  { decl: 'byte', size: 1, pointers: false },
  { decl: 'uint64', size: 8, pointers: false },
  { decl: '*int', size: 8, pointers: true },
  { decl: '[3]uint64', size: 24, pointers: false },
  { decl: 'struct{ p *int; a, b uint64 }', size: 24, pointers: true },
  { decl: '[5]uint64', size: 40, pointers: false },
  { decl: 'struct{ s string; a, b, c uint64 }', size: 40, pointers: true },
  { decl: '[512]uint64', size: 4096, pointers: false },
  { decl: 'struct{ p *int; a [511]uint64 }', size: 4096, pointers: true },
];

let found: Toolchain[] = [];
before(async () => { found = await toolchains(); });

describe('append growth matches the real runtimes', () => {
  test('at least the go on PATH and Go 1.19 are available', () => {
    const minors = found.map((t) => parseGoVersion(t.version)?.minor);
    assert.ok(minors.includes(19), `no Go 1.19 among ${found.map((t) => t.version).join(', ')}`);
    assert.ok(found.length >= 2, `only ${found.map((t) => t.version).join(', ')}`);
  });

  for (const c of elementCases) {
    test(`${c.size}-byte elements ${c.pointers ? 'with' : 'without'} pointers (${c.decl})`, () => {
      assert.ok(found.length > 0, 'no toolchain');
      for (const t of found) {
        const version = parseGoVersion(t.version);
        assert.ok(version, `unparsable version ${t.version}`);
        const rules = runtimeRules(version);
        for (const s of runProgram(t.go, c)) {
          // A series too short to reach the page-rounded sizes would prove little.
          assert.ok(s.caps.length >= 8, `${t.version} ${s.name}: only ${s.caps.length} growths`);
          const ours = simulateAppend(c.size, c.pointers, s.perIteration, Number.MAX_SAFE_INTEGER, { rules, use: s.use, maxSteps: s.caps.length });
          assert.deepEqual(ours.steps.map((x) => x.cap), s.caps, `${t.version} (${rules.label} rules), ${s.name}, ${s.perIteration} per iteration`);
        }
      }
    });
  }
});
