// `go-oom-lens check [paths…]`: walks, analyses (in worker threads), prints, picks the exit code.
import type { CommandModule } from './command';
import { ExitCode } from './command';
import { checkUsage, parseCheckArgs, type CheckOptions } from './checkOptions';
import { collect } from './collect';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatSummary, formatText } from './formats/text';
import { analyserFingerprint, runKey } from './cacheKey';
import type { UnitOptions } from './checkUnit';
import { buildReport, type CheckReport } from './report';
import { cacheSettings, evictOverflow } from './resultCache';
import { runUnits, type UnitsRun } from './runUnits';
import type { CacheSetup } from './unitRunner';

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
  const unitOptions: UnitOptions = { rules: options.rules, minSeverity: options.minSeverity, maxFileBytes: options.maxFileBytes };
  const cache = options.cache ? openCache(unitOptions) : undefined;
  const run = await runUnits(collection.units, unitOptions, options.jobs, cache);
  if (cache && run.storedBytes > 0) evictOverflow(cache.dir, cache.maxBytes);
  const report = buildReport(collection.problems, run.results);
  for (const p of report.problems) process.stderr.write(`${p.file}: ${p.message}\n`);
  for (const e of report.internalErrors) process.stderr.write(`go-oom-lens: ${e}\n`);
  process.stdout.write(render(report, options));
  const seconds = (performance.now() - started) / 1000;
  if (options.format === 'text') process.stderr.write(formatSummary(report, seconds));
  if (options.stats) process.stderr.write(statsLine(report, run, seconds, process.cpuUsage(cpuAtStart)));
  return exitCode(report, options);
};

/** The cache for this run, unless the environment turns it off or the analyser cannot be fingerprinted. */
function openCache(unitOptions: UnitOptions): (CacheSetup & { maxBytes: number }) | undefined {
  const settings = cacheSettings();
  if (settings?.warning) process.stderr.write(`go-oom-lens: ${settings.warning}\n`);
  const fingerprint = settings && analyserFingerprint();
  return settings && fingerprint !== undefined ? { dir: settings.dir, maxBytes: settings.maxBytes, runKey: runKey(fingerprint, unitOptions) } : undefined;
}

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

/**
 * `stats: files=… bytes=… wall=…s cpu=…s maxrss=…MB jobs=… busy=…s cached=…/…`. CPU time is the
 * process's (getrusage), so it covers every worker thread; `busy` sums the time the analysing threads
 * spent on units (jobs × wall minus busy is their idle time); `cached` counts directories the cache answered.
 */
function statsLine(report: CheckReport, run: UnitsRun, seconds: number, cpu: NodeJS.CpuUsage): string {
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return `stats: files=${report.checkedFiles} bytes=${report.checkedBytes} wall=${seconds.toFixed(2)}s cpu=${cpuSeconds.toFixed(2)}s maxrss=${maxRssMb}MB jobs=${run.jobs} busy=${run.busySeconds.toFixed(2)}s cached=${run.cachedUnits}/${run.results.length}\n`;
}

function exitCode(report: CheckReport, options: CheckOptions): number {
  if (report.internalErrors.length > 0) return ExitCode.usage;
  // Findings below the threshold were dropped by the analyser, so any finding left counts.
  return report.findings.length > 0 && !options.exitZero ? ExitCode.findings : ExitCode.ok;
}
