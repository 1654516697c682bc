// Our per-release runtime rules against each installed toolchain's own sources: the size class
// table (runtime/sizeclasses.go, internal/runtime/gc/sizeclasses.go from 1.25), the small-object
// limit and page size, whether allocation headers exist and from which size, the compiler's stack
// size limits (cmd/compile/internal/ir/cfg.go) and the 32-byte stack buffer for slices
// (cmd/compile/internal/base/flag.go VariableMakeThreshold, ssagen's append).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { parseGoVersion } from '../../server/src/analysis/runtime/goVersion';
import { runtimeRules } from '../../server/src/analysis/runtime/rules';
import { maxSmallSize, pageSize, sizeClassBytes } from '../../server/src/analysis/runtime/sizeClasses';
import { toolchains, type Toolchain } from './toolchains';

let found: Toolchain[] = [];
before(async () => { found = await toolchains(); });

function read(t: Toolchain, ...candidates: string[]): string {
  for (const c of candidates) {
    const p = path.join(t.goroot, 'src', c);
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new Error(`${t.version}: none of ${candidates.join(', ')} under ${t.goroot}/src`);
}

/** The files among candidates that exist, joined. */
function readAll(t: Toolchain, ...candidates: string[]): string {
  return candidates.filter((c) => existsSync(path.join(t.goroot, 'src', c))).map((c) => read(t, c)).join('\n');
}

/** The number a Go constant or variable is set to: `Name = 32768`, `Name = int64(128 * 1024)`. */
function constant(source: string, name: string): number | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:int64\\()?([\\d\\s*<]+)\\)?`).exec(source);
  if (!m) return undefined;
  return m[1].split('*').map((x) => x.trim()).reduce((a, x) => a * (x.includes('<<') ? Number(x.split('<<')[0]) << Number(x.split('<<')[1]) : Number(x)), 1);
}

test('the size class table and limits are every release\'s', () => {
  assert.ok(found.length >= 2);
  for (const t of found) {
    const src = read(t, 'internal/runtime/gc/sizeclasses.go', 'runtime/sizeclasses.go');
    const table = /(?:class_to_size|SizeClassToSize)\s*=\s*\[\w+\]uint16\{([^}]*)\}/.exec(src);
    assert.ok(table, `${t.version}: no size class table`);
    assert.deepEqual(table[1].split(',').map((x) => Number(x.trim())), [...sizeClassBytes], t.version);
    assert.equal(constant(src, '_?MaxSmallSize'), maxSmallSize, t.version);
    assert.equal(1 << (constant(src, '_?PageShift') ?? 0), pageSize, t.version);
  }
});

test('allocation headers: from Go 1.22, for pointerful objects above 8 × 64 bytes', () => {
  for (const t of found) {
    const rules = runtimeRules(parseGoVersion(t.version)!);
    const msize = readAll(t, 'runtime/msize.go', 'runtime/msize_allocheaders.go');
    const hasHeader = /func roundupsize\(size uintptr, noscan bool\)/.test(msize) && /MallocHeaderSize|mallocHeaderSize/.test(msize);
    assert.equal(hasHeader, rules.mallocHeaders, `${t.version}: roundupsize with a header: ${hasHeader}`);
    if (hasHeader) {
      const gc = readAll(t, 'internal/runtime/gc/malloc.go', 'runtime/mbitmap.go', 'runtime/mbitmap_allocheaders.go', 'runtime/malloc.go');
      assert.match(gc, /[mM]inSizeForMallocHeader\s*=\s*goarch\.PtrSize \* (?:goarch\.PtrBits|ptrBits)/, t.version);
      assert.match(gc, /[mM]allocHeaderSize\s*=\s*8\b/, t.version);
    }
  }
});

test('the compiler\'s stack limits and the 32-byte stack buffer for slices', () => {
  for (const t of found) {
    const rules = runtimeRules(parseGoVersion(t.version)!);
    const cfg = read(t, 'cmd/compile/internal/ir/cfg.go');
    assert.equal(constant(cfg, 'MaxStackVarSize'), rules.maxStackVarSize, `${t.version} MaxStackVarSize`);
    assert.equal(constant(cfg, 'MaxImplicitStackVarSize'), rules.maxImplicitStackVarSize, `${t.version} MaxImplicitStackVarSize`);
    const flag = read(t, 'cmd/compile/internal/base/flag.go');
    const threshold = constant(flag, 'Debug\\.VariableMakeThreshold') ?? 0;
    const ssa = read(t, 'cmd/compile/internal/ssagen/ssa.go');
    const appendUsesIt = /func \(s \*state\) append\([\s\S]*?VariableMakeThreshold|getBackingStoreInfoForAppend/.test(ssa);
    assert.equal(appendUsesIt ? threshold : 0, rules.stackSliceBytes, `${t.version}: append's stack buffer`);
    const ladder = /func growsliceBuf\(/.test(read(t, 'runtime/slice.go'));
    assert.equal(ladder, rules.stackBufferLadder, `${t.version}: growsliceBuf`);
  }
});
