// Running commands for the benchmarks: no shell, output captured, wall time and the CPU time of the
// whole process tree (the tools we compare with fork compilers and vet tools of their own).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

let ticksPerSecond;
/** Clock ticks of /proc/<pid>/stat (USER_HZ); 100 on every Linux we know of, asked once. */
export function clockTicks() {
  if (ticksPerSecond === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    ticksPerSecond = Number(r.stdout?.trim()) || 100;
  }
  return ticksPerSecond;
}

/**
 * CPU seconds of this process's children that have been waited for (cutime + cstime of
 * /proc/self/stat). A child's figure includes its own reaped descendants, so the difference
 * around one run is the CPU work of that whole tree. NaN where /proc is missing.
 */
function childrenCpuSeconds() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / clockTicks();
  } catch {
    return NaN;
  }
}

/**
 * Runs a command without a shell; resolves with its exit code, output, wall time and the CPU
 * seconds of its process tree. Runs must not overlap, or their CPU figures mix.
 */
export function timed(command, args, options = {}) {
  return new Promise((resolve) => {
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (error) => resolve({ error, seconds: 0, cpu: NaN }));
    child.on('close', (code) => resolve({
      code,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
      seconds: (performance.now() - started) / 1000,
      cpu: childrenCpuSeconds() - cpuBefore,
    }));
  });
}

export const mb = (bytes) => bytes / 1e6;
export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '?');
export const pad = (s, n) => String(s).padEnd(n);
export const lpad = (s, n) => String(s).padStart(n);

/** The last few non-empty lines of a failed command's output, for a one-line reason. */
export function tail(text, lines = 3) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-lines).join(' | ');
}
