// The runtime facts the explanations state, each with the Go version where it started or changed.
// Checked against the Go sources: runtime/slice.go (growslice, nextslicecap), runtime/msize.go and
// runtime/sizeclasses.go (roundupsize, size classes), runtime/stack.go (stack minimum, growth,
// the overflow message), runtime/proc.go (the 1 GB limit), runtime/mgcpacer.go (the memory limit).

/** The goroutine stack's starting size in bytes on Linux (runtime/stack.go stackMin, since Go 1.4). */
export const stackStartBytes = 2048;
/** The maximum goroutine stack on 64-bit platforms (runtime.main sets maxstacksize = 1e9). */
export const maxStackBytes = 1_000_000_000;
/** The largest stack actually reached: doubling from 2 KiB, the next step (1 GiB) exceeds 1e9 bytes. */
export const largestStackBytes = 512 * 1024 * 1024;

export const stackOverflowMessage = 'runtime: goroutine stack exceeds 1000000000-byte limit';

/** Why an endless loop that grows memory is OOM-killed. */
export const loopStory = [
  'A loop adds no stack frames: the goroutine stack stays at the size it has (2 KiB when the goroutine starts on Linux — the minimum since Go 1.4; since Go 1.19 new goroutines may start larger, at the average stack size the runtime has observed).',
  '`append` grows a slice with `runtime.growslice`, which always allocates the new backing array with `mallocgc` — on the heap, whatever escape analysis decided for the original slice — and copies the old elements over.',
  'Nothing in the runtime limits the heap. It grows until the kernel refuses: the Linux OOM killer (or the container\'s cgroup memory limit) sends `SIGKILL`, which a process cannot catch, so there is no panic, no `fatal error` and no goroutine traceback — the shell or container runtime just reports `killed` / exit status 137 (128 + 9), and Kubernetes shows `OOMKilled`.',
  'The GC cannot help: the slice is live, so none of it is garbage. Only the arrays left behind by earlier growths are garbage, and with the default `GOGC=100` the heap may reach about twice the live size before a collection — the process can be killed before the live data alone reaches the limit.',
  '`GOMEMLIMIT` (Go 1.19+, or `debug.SetMemoryLimit`) is a soft limit: near it the GC runs more often (capped at about 50% of CPU time), but it cannot free live memory, so it does not stop this loop — it only makes the last seconds slower.',
];

/** Why unbounded recursion dies differently. */
export const recursionStory = [
  'Each call pushes a frame on the goroutine stack. When the stack is full, the function prologue calls `runtime.morestack`, which copies the stack into one twice as large (contiguous stacks since Go 1.3; before that, segmented stacks).',
  'The stack starts at 2 KiB on Linux (since Go 1.4; since Go 1.19 the runtime may start new goroutines with a larger stack, based on the average stack usage it has seen).',
  'The maximum is 1,000,000,000 bytes on 64-bit platforms (250,000,000 on 32-bit; `debug.SetMaxStack` changes it). Doubling from 2 KiB, the last stack that fits is 512 MiB; the next growth would need 1 GiB, so the runtime prints `runtime: goroutine stack exceeds 1000000000-byte limit` and dies with `fatal error: stack overflow`, a traceback of the goroutine (the repeated frames) and exit status 2.',
  'So unbounded recursion ends with a Go error that names the function; an unbounded loop ends with a bare SIGKILL that names nothing.',
];
