// A Go program that appends to slices of one element type and prints every capacity change, in
// three situations whose first arrays differ from Go 1.25 on: a package-level slice (always
// growslice, on the heap), a local slice that never leaves its function (1.25+: a 32-byte stack
// buffer for the first append), and a local slice that is returned at the end (1.26+: appends climb
// the size classes in that buffer). It also appends three elements per iteration.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SliceUse } from '../../server/src/analysis/growth';

export interface ElementCase {
  /** The Go type, declared as `type elem <decl>`. */
  decl: string;
  size: number;
  pointers: boolean;
}

/** One printed series: how the program appended and the capacities it saw. */
export interface CapSeries {
  name: string;
  use: SliceUse;
  perIteration: number;
  caps: number[];
}

/** The backing array the program grows each slice to (bytes); big enough for the page-rounded steps. */
export const growToBytes = 32 << 20;

const series: Array<{ name: string; use: SliceUse; perIteration: number }> = [
  { name: 'global', use: 'escapes', perIteration: 1 },
  { name: 'local', use: 'local', perIteration: 1 },
  { name: 'returned', use: 'returned-cap-read', perIteration: 1 },
  { name: 'global3', use: 'escapes', perIteration: 3 },
];

/** The program's source: `go 1.19` so every toolchain builds it (no generics, no min/max). */
export function programSource(c: ElementCase): string {
  const loop = (target: string, values: string) => `for cap(${target})*${c.size} < ${growToBytes} {
		${target} = append(${target}, ${values})
		if cap(${target}) != last {
			last = cap(${target})
			fmt.Print(" ", last)
		}
	}`;
  return `package main

import (
	"fmt"
	"unsafe"
)

type elem ${c.decl}

var global []elem
var kept []elem
var zero elem

//go:noinline
func viaGlobal() {
	fmt.Print("global")
	last := -1
	${loop('global', 'zero')}
	fmt.Println()
	global = nil
}

//go:noinline
func viaLocal() {
	fmt.Print("local")
	var s []elem
	last := -1
	${loop('s', 'zero')}
	fmt.Println()
}

//go:noinline
func viaReturned() []elem {
	fmt.Print("returned")
	var s []elem
	last := -1
	${loop('s', 'zero')}
	fmt.Println()
	return s
}

//go:noinline
func viaGlobal3() {
	fmt.Print("global3")
	last := -1
	${loop('global', 'zero, zero, zero')}
	fmt.Println()
	global = nil
}

func main() {
	if unsafe.Sizeof(zero) != ${c.size} {
		panic(fmt.Sprintf("elem is %d bytes, want ${c.size}", unsafe.Sizeof(zero)))
	}
	viaGlobal()
	viaLocal()
	kept = viaReturned()
	kept = nil
	viaGlobal3()
}
`;
}

/** Builds and runs the program with one go binary in a temporary module; the printed series. */
export function runProgram(go: string, c: ElementCase): CapSeries[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-growth-'));
  try {
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/growth\n\ngo 1.19\n');
    writeFileSync(path.join(dir, 'main.go'), programSource(c));
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GOWORK: 'off', GO111MODULE: 'on' };
    const r = spawnSync(go, ['run', '.'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    if (r.error || r.status !== 0) throw new Error(`${go} run (${c.decl}) failed: ${r.error?.message ?? ''}${r.stderr}`);
    return parseSeries(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `name cap cap …` lines back to series. */
export function parseSeries(stdout: string): CapSeries[] {
  const out: CapSeries[] = [];
  for (const line of stdout.split('\n')) {
    const [name, ...caps] = line.trim().split(/\s+/);
    const s = series.find((x) => x.name === name);
    if (s) out.push({ ...s, caps: caps.map(Number) });
  }
  if (out.length !== series.length) throw new Error(`expected ${series.length} series, got:\n${stdout}`);
  return out;
}
