// `go-oom-lens check [paths…]`: walks, analyses (in worker threads), prints, picks the exit code.
import type { CommandModule } from './command';
import { ExitCode } from './command';
import { checkUsage, defaultJobs, parseCheckArgs, type CheckOptions } from './checkOptions';
import { collect } from './collect';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatSummary, formatText } from './formats/text';
import { buildReport, type CheckReport } from './report';
import { runUnits } from './runUnits';

export const run: CommandModule['run'] = async (args) => {
  const options = parseCheckArgs(args);
  if (options.help) {
    process.stdout.write(checkUsage);
    return ExitCode.ok;
  }
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const collection = collect(options.paths);
  if (collection.fatal.length > 0) {
    for (const m of collection.fatal) process.stderr.write(`go-oom-lens: ${m}\n`);
    return ExitCode.usage;
  }
  const jobs = options.jobs ?? defaultJobs(collection.units.reduce((n, u) => n + u.bytes, 0));
  const results = await runUnits(collection.units, { rules: options.rules, minSeverity: options.minSeverity, maxFileBytes: options.maxFileBytes }, jobs);
  const report = buildReport(collection.problems, results);
  for (const p of report.problems) process.stderr.write(`${p.file}: ${p.message}\n`);
  for (const e of report.internalErrors) process.stderr.write(`go-oom-lens: ${e}\n`);
  process.stdout.write(render(report, options));
  const seconds = (performance.now() - started) / 1000;
  if (options.format === 'text') process.stderr.write(formatSummary(report, seconds));
  if (options.stats) process.stderr.write(statsLine(report, seconds, process.cpuUsage(cpuAtStart), jobs));
  return exitCode(report, options);
};

function render(report: CheckReport, options: CheckOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, process.cwd());
    case 'text':
      return formatText(report, process.stdout.isTTY === true && process.stdout.hasColors());
  }
}

/** `stats: files=… bytes=… wall=…s cpu=…s maxrss=…MB jobs=…`; CPU time covers the worker threads too. */
function statsLine(report: CheckReport, seconds: number, cpu: NodeJS.CpuUsage, jobs: number): string {
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return `stats: files=${report.checkedFiles} bytes=${report.checkedBytes} wall=${seconds.toFixed(2)}s cpu=${cpuSeconds.toFixed(2)}s maxrss=${maxRssMb}MB jobs=${jobs}\n`;
}

function exitCode(report: CheckReport, options: CheckOptions): number {
  if (report.internalErrors.length > 0) return ExitCode.usage;
  // Findings below the threshold were dropped by the analyser, so any finding left counts.
  return report.findings.length > 0 && !options.exitZero ? ExitCode.findings : ExitCode.ok;
}
