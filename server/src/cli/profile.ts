// `go-oom-lens profile PROFILE [paths…]`: the hottest lines of a heap profile in the workspace's
// code, each with the finding at that line (or a note that no loop there was proven unbounded).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { heapSampleTypes, type HeapSampleType } from '../profile/sampleTypes';
import { availableSampleTypes, fileView, loadProfile, sampleIndex } from '../profile/load';
import { topLines, totalsLine, type ReportFile, type ReportLine } from '../profile/report';
import { readProfileFile, scanWorkspace } from '../profileSources';
import { ExitCode, UsageError, type CommandModule } from './command';
import { analyseFiles } from './profileFindings';

export const profileUsage = `Usage: go-oom-lens profile PROFILE [paths...] [options]

Reads a pprof heap profile (runtime/pprof.WriteHeapProfile, go test -memprofile, or
curl -o heap.pb.gz http://HOST/debug/pprof/heap) and prints the lines of the Go code below
paths (default '.') that allocated the most, each with the finding at that line.
Profile paths are matched to the workspace by absolute path, module path (-trimpath builds),
module cache and GOPATH paths, or file name and directories; a profile of another version of
the code is matched by function and offset within the function, and the output says so.

Options:
      --sample TYPE          inuse_space (default), inuse_objects, alloc_space, alloc_objects
      --top N                lines to print (default 10)
  -f, --format text|json     output format (default text; lines are 1-based)
  -h, --help                 show this help

Exit status: 0 printed, 2 bad usage or a file that is not a readable heap profile.
`;

export const run: CommandModule['run'] = async (args) => {
  const o = parseProfileArgs(args);
  if (o.help) {
    process.stdout.write(profileUsage);
    return ExitCode.ok;
  }
  const read = readProfileFile(o.profile);
  const name = path.basename(o.profile);
  const fail = (message: string): number => {
    process.stderr.write(`go-oom-lens: ${name}: ${message}\n`);
    return ExitCode.usage;
  };
  if ('error' in read) return fail(read.error);
  const workspace = scanWorkspace(o.paths);
  const loaded = loadProfile(read.bytes, o.profile, workspace);
  if ('error' in loaded) return fail(loaded.error);
  const index = sampleIndex(loaded.profile, o.sample);
  if (index === undefined) return fail(`the profile has no ${o.sample} samples (it has ${availableSampleTypes(loaded.profile).join(', ')})`);
  const analysed = await analyseFiles([...loaded.attribution.files.keys()]);
  const files: ReportFile[] = [];
  for (const [file, a] of analysed) {
    const view = fileView(loaded, file, a.text, o.sample);
    if (view) files.push({ view, findings: a.findings, elementBytes: a.elementBytes });
  }
  const lines = topLines(files, o.top);
  const total = loaded.attribution.totals[index];
  const elsewhere = loaded.attribution.elsewhere[index];
  if (o.format === 'json') {
    const json = { version: 1, profile: o.profile, sample: o.sample, total, workspace: total - elsewhere, lines: lines.map(relative), unmatchedFiles: loaded.attribution.unmatchedPaths };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(`${name}: ${totalsLine(o.sample, total, elsewhere)}\n`);
    if (lines.length === 0) process.stdout.write('  no line of the code below the given paths allocated anything in this profile\n');
    for (const l of lines) process.stdout.write(textLine(relative(l)));
  }
  const unmatched = loaded.attribution.unmatchedPaths.length;
  if (unmatched > 0) process.stderr.write(`go-oom-lens: ${unmatched} file${unmatched === 1 ? '' : 's'} of the profile outside the standard library matched no file below the given paths\n`);
  if (workspace.truncated) process.stderr.write(`go-oom-lens: stopped listing .go files after ${workspace.files.length}; give narrower paths\n`);
  return ExitCode.ok;
};

function relative(l: ReportLine): ReportLine {
  return { ...l, file: path.relative(process.cwd(), l.file) || l.file };
}

function textLine(l: ReportLine): string {
  const fn = l.function.slice(l.function.lastIndexOf('/') + 1);
  const out = [`  ${l.file}:${l.line}  ${l.annotation}  ${fn}`];
  if (l.moved) out.push(`      (${l.moved.words})`);
  for (const f of l.findings) {
    out.push(`      ${f.rule} (${f.severity}, line ${f.line}): ${f.message}`);
    if (f.quote) out.push(`      ${f.quote}`);
  }
  if (l.note) out.push(`      ${l.note}`);
  return `${out.join('\n')}\n`;
}

interface ProfileOptions { profile: string; paths: string[]; sample: HeapSampleType; top: number; format: 'text' | 'json'; help: boolean }

/** Turns the arguments after `profile` into options; mistakes are UsageErrors (exit 2). */
export function parseProfileArgs(args: readonly string[]): ProfileOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args], allowPositionals: true, strict: true,
      options: { sample: { type: 'string' }, top: { type: 'string' }, format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) return { profile: '', paths: [], sample: 'inuse_space', top: 10, format: 'text', help: true };
  const [profile, ...paths] = parsed.positionals;
  if (!profile) throw new UsageError('give the heap profile to read (e.g. heap.pb.gz)');
  const sample = v.sample ?? 'inuse_space';
  if (!(heapSampleTypes as readonly string[]).includes(sample)) throw new UsageError(`--sample must be one of ${heapSampleTypes.join(', ')} (got '${sample}')`);
  const top = v.top ?? '10';
  if (!/^[1-9]\d{0,5}$/.test(top)) throw new UsageError(`--top must be a whole number from 1 to 999999 (got '${top}')`);
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${format}')`);
  return { profile, paths: paths.length > 0 ? paths : ['.'], sample: sample as HeapSampleType, top: Number(top), format, help: false };
}
