// A loop that never ends but grows nothing is not OOM-killed: its goroutine never returns and
// keeps a core busy while memory stays flat. What that looks like from outside (probes, deadlines,
// timeouts) and how to find it. Checked against Go's sources (runtime/proc.go: sysmon preempts a
// goroutine after forcePreemptNS = 10 ms; asynchronous preemption since Go 1.14; os/signal: SIGQUIT
// exits with a stack dump) and a real run (Go 1.26: `debug=2` shows the goroutine `[runnable]`,
// SIGQUIT prints `SIGQUIT: quit` and it `[running]`, exit status 2; a CPU profile puts the loop's
// function on top with `runtime.asyncPreempt` beside it). Pure: findings in, markdown out.
import type { Finding, Span } from './analyzer';
import { causeWithLink, lineText, spanText, whenZero } from './explainText';
import { atLeast } from './runtime/goVersion';
import type { GoVersion } from './runtime/goVersion';

/** What ends a finding's program: a stack overflow, an OOM kill, or nothing (the loop hangs). */
export type Outcome = 'stack' | 'oom' | 'hang';

const key = (s: Span): string => `${s.start.line}:${s.start.character}`;

/** The outcome of one finding, given the findings of its file (growth on its loop makes it OOM). */
export function outcomeOf(f: Finding, all: readonly Finding[]): Outcome {
  if (f.rule === 'infinite-recursion') return 'stack';
  if (f.facts.growth) return 'oom';
  const loop = f.facts.loop ?? f.span;
  return all.some((g) => g.facts.growth && key(g.facts.growth.loop) === key(loop)) ? 'oom' : 'hang';
}

/** Blocking calls in a loop's body: such a loop waits rather than spins. */
const blocking = /<-|\bselect\s*\{|\btime\.Sleep\(|\.Wait\(|\.Lock\(|\.RLock\(|\.Read\w*\(|\.Accept\(|\.Recv\w*\(/;

/** Whether the loop's text has something that can block (a channel operation, a sleep, a lock, I/O). */
export function mayBlock(f: Finding, text: string): boolean {
  return blocking.test(spanText(text, f.facts.loop ?? f.span));
}

/** The hover's one line on how a loop that grows nothing ends. */
export function hangHoverLine(f: Finding, text: string, go: GoVersion): string {
  const cpu = mayBlock(f, text) ? 'one core busy (or waiting, where it blocks)' : 'one core at 100 %';
  const others = atLeast(go, 14) ? '' : `; in Go 1.${go.minor} a loop without calls is never preempted, so the next GC freezes the whole process`;
  return `it hangs: the goroutine never returns, ${cpu}, memory flat — no OOM kill, no crash${others}.`;
}

/** The page's section on loops that grow nothing: the loop, what runs, what you see, how to find it. */
export function hangSection(functionName: string, findings: readonly Finding[], text: string, link: (line: number) => string, go: GoVersion, fileLink?: (file: string, line: number) => string): string[] {
  const out = [`# Why \`${functionName}\` hangs instead of crashing`, '', '## The loop', ''];
  for (const f of findings) {
    const loop = f.facts.loop ?? f.span;
    out.push(`- [line ${loop.start.line + 1}](${link(loop.start.line)}): \`${lineText(text, loop.start.line)}\` — ${f.message}`);
    const cause = causeWithLink(f, link, undefined, fileLink);
    if (cause) out.push(`  - Where the value comes from: ${cause}`);
    const zero = whenZero(f, text);
    if (zero) out.push(`  - When it is 0: ${zero}`);
  }
  const blocks = findings.some((f) => mayBlock(f, text));
  const possible = findings.every((f) => f.severity !== 'error');
  out.push('', '## What happens when it runs', '',
    ...(possible ? ['The finding is possible, not certain: this is what happens on a run where the loop does not end.', ''] : []),
    `- The goroutine that enters the loop never leaves it: \`${functionName}\` never returns, so whatever waits for its result waits forever. Go cannot stop a goroutine from outside.`,
    blocks
      ? '- Where the body blocks (a channel operation, a sleep, a lock, I/O) the goroutine waits there between iterations; otherwise every iteration runs straight into the next and keeps one CPU core at 100 % — one more core for each goroutine stuck in the loop, up to `GOMAXPROCS`.'
      : '- Nothing in it waits, so it keeps one CPU core at 100 % — one more core for each goroutine stuck in the loop, up to `GOMAXPROCS`.',
    '- Memory stays flat: nothing on the loop grows (no append, map insert, string concatenation or buffer write that keeps its data), so the heap does not climb, the OOM killer has nothing to do, and there is no stack overflow either — a loop adds no stack frames.',
    atLeast(go, 14)
      ? `- The rest of the process keeps running: since Go 1.14 the scheduler preempts a goroutine that has run for 10 ms (asynchronous preemption), so other goroutines still get their turn and the garbage collector can still stop the world — only with less CPU.`
      : `- In Go 1.${go.minor} a goroutine is preempted only at function calls (asynchronous preemption came in Go 1.14): a loop without calls keeps its thread, and the next garbage collection's stop-the-world waits for it forever — the whole process freezes, not just this goroutine.`,
    '', '## What you see from outside', '',
    atLeast(go, 14)
      ? '- **Liveness probe:** an HTTP probe answered by another goroutine keeps passing (slower as stuck goroutines take cores; unless the probe itself runs this loop), so Kubernetes does not restart the pod: the stuck goroutine and its core stay until the process is restarted.'
      : '- **Liveness probe:** it passes until the next garbage collection; then the process freezes, the probe times out, and Kubernetes restarts the container after the probe\'s `failureThreshold`.',
    '- **Context deadline:** when the deadline passes, `ctx.Done()` is closed and `ctx.Err()` returns `context.DeadlineExceeded` — but nothing in the loop ends it on that, so it runs on. A caller that `select`s on `ctx.Done()` returns and leaves the goroutine behind (a goroutine leak).',
    '- **Request timeout:** `http.TimeoutHandler` answers `503 Service Unavailable` and a client\'s `http.Client.Timeout` returns an error, yet the handler goroutine keeps spinning; every such request leaves one more behind. Without a timeout the caller waits forever.',
    '- **Exit code:** none — the process neither crashes nor is killed; there is no panic, no `fatal error`, no exit status 137.',
    '', '## How to find it', '',
    `- **Goroutine dump:** with \`net/http/pprof\` imported, \`curl 'http://localhost:6060/debug/pprof/goroutine?debug=2'\` lists every goroutine (\`localhost:6060\`: wherever the program serves it); the stuck one is \`[running]\` or \`[runnable]\` with \`<package>.${functionName}\` at or near the top of its stack (inlined: \`<package>.${functionName}(...)\`).`,
    '- **SIGQUIT:** `kill -QUIT <pid>` makes the Go runtime print `SIGQUIT: quit` and every goroutine\'s stack to stderr, then exit with status 2 — works without pprof; in Kubernetes the dump is in the container\'s log.',
    `- **CPU profile:** \`go tool pprof -top 'http://localhost:6060/debug/pprof/profile?seconds=10'\` shows \`${functionName}\` with the most flat time — about one core's worth per stuck goroutine — and \`runtime.asyncPreempt\` beside it (the scheduler interrupting it).`,
    '');
  return out;
}

/** The code lens's title (and the hover's link text) for each outcome. */
export const outcomeTitles: Record<Outcome, string> = {
  oom: 'Why OOM, not stack overflow?',
  stack: 'Why stack overflow, not OOM?',
  hang: 'Why this hangs',
};
