// The runtime and compiler rules that decide the numbers in an explanation, per Go release,
// checked in each release's sources (runtime/slice.go, runtime/msize*.go, runtime/malloc.go,
// cmd/compile/internal/ir/cfg.go, cmd/compile/internal/base/flag.go, cmd/compile/internal/ssagen/ssa.go):
// - growslice's capacity rule: 2× below 1024 elements then 1.25× (before 1.18); 2× below 256, then
//   adding (cap + 3·256)/4 (1.18+).
// - allocation headers (1.22+): an object with pointers larger than 512 B carries an 8-byte header
//   inside its size class (roundupsize(size, noscan)); before 1.22 the heap bitmap lived apart.
// - stack buffers for small slices (1.25+, flag VariableMakeThreshold = 32 B): a non-escaping
//   `make([]T, n)` with variable n, and the first append to an empty local slice whose append does not
//   escape, get a 32-byte backing store on the stack (append: 32/size(T) elements, size(T) ≤ 32).
//   1.26 also keeps a slice that only leaves the function at its end (returned, assigned) in that
//   buffer while it fits, moving it to the heap there (cmd/compile/internal/slice); when its
//   capacity is read, appends climb the size classes inside the buffer (runtime growsliceBuf).
// - MaxStackVarSize, the largest explicit variable kept on the stack: 10 MiB until 1.23, 128 KiB from
//   1.24; MaxImplicitStackVarSize (new(T), &T{}, make([]T, const)): 64 KiB in every release here.
// Pure: a version in, numbers out.
import { atLeast, goLabel, type GoVersion } from './goVersion';
import { sizeClassBytes } from './sizeClasses';

export interface RuntimeRules {
  version: GoVersion;
  /** `Go 1.26` */
  label: string;
  /** growslice's rule for the next capacity. */
  growth: 'pre-1.18' | 'smooth-1.18';
  /** Whether pointerful objects above 512 B carry the 8-byte allocation header (1.22+). */
  mallocHeaders: boolean;
  sizeClasses: readonly number[];
  /** Bytes of the stack backing store small slices may get (0: none; 32 from 1.25). */
  stackSliceBytes: number;
  /** Whether appends may climb the size classes inside that buffer (growsliceBuf, 1.26+). */
  stackBufferLadder: boolean;
  /** The largest explicitly declared variable the compiler keeps on the stack. */
  maxStackVarSize: number;
  /** The largest implicit allocation (new, &T{}, make with a constant size) kept on the stack. */
  maxImplicitStackVarSize: number;
}

/** The rules of one release. */
export function runtimeRules(version: GoVersion): RuntimeRules {
  return {
    version,
    label: goLabel(version),
    growth: atLeast(version, 18) ? 'smooth-1.18' : 'pre-1.18',
    mallocHeaders: atLeast(version, 22),
    sizeClasses: sizeClassBytes,
    stackSliceBytes: atLeast(version, 25) ? 32 : 0,
    stackBufferLadder: atLeast(version, 26),
    maxStackVarSize: atLeast(version, 24) ? 128 * 1024 : 10 * 1024 * 1024,
    maxImplicitStackVarSize: 64 * 1024,
  };
}

/** Whether each iteration of a 3-clause or range loop has its own loop variables (language 1.22+). */
export function perIterationLoopVars(language: GoVersion): boolean {
  return atLeast(language, 22);
}
