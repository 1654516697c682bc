// Heap profiles written by the real Go runtime (testdata/heapdemo, MemProfileRate = 1): decoded,
// charged to the workspace's lines, and printed by `go-oom-lens profile`, with absolute paths,
// -trimpath module paths, and a copy of the code whose lines moved since the profile was taken.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { decodeHeapProfile } from '../../server/src/profile/decode';
import { loadProfile } from '../../server/src/profile/load';
import { scanWorkspace } from '../../server/src/profileSources';
import { sampleList } from '../../server/src/profile/samples';
import { runCli } from '../cli/cliHarness';
import { heapdemoDir, heapProfile, movedHeapdemo, tempDir } from './goPrograms';

const handlerText = fs.readFileSync(path.join(heapdemoDir, 'handler.go'), 'utf8');
const appendLine = handlerText.split('\n').findIndex((l) => l.includes('demos = append(demos, newDemo())')) + 1;
const fixture = path.join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'incident');

interface JsonLine { file: string; line: number; function: string; value: number; share: number; annotation: string; moved?: { by: number; profileLines: number[] }; findings: Array<{ rule: string; quote?: string }>; note?: string }

describe('real heap profiles', () => {
  test('the runtime\'s profile decodes with the four heap sample types and the append line on the hottest stack', () => {
    const r = decodeHeapProfile(new Uint8Array(fs.readFileSync(heapProfile())));
    assert.ok('profile' in r, JSON.stringify(r));
    assert.deepEqual(r.profile.sampleTypes, [
      { type: 'alloc_objects', unit: 'count' }, { type: 'alloc_space', unit: 'bytes' },
      { type: 'inuse_objects', unit: 'count' }, { type: 'inuse_space', unit: 'bytes' },
    ]);
    const top = sampleList(r.profile.samples).sort((a, b) => b.values[3] - a.values[3])[0];
    const frames = top.stack.flatMap((l) => r.profile.locations[l]);
    assert.ok(frames.some((f) => f.function === 'main.handler' && f.line === appendLine && f.startLine > 0 && f.file.endsWith('/heapdemo/handler.go')), JSON.stringify(frames));
    assert.ok(top.values[3] >= 2000 * 4096, 'the live backing array holds at least 2,000 Demo values');
  });

  test('the fast reader agrees with pprof-format\'s own decoding of every sample, and the charging with a plain sum', () => {
    const bytes = new Uint8Array(fs.readFileSync(heapProfile()));
    const r = decodeHeapProfile(bytes);
    assert.ok('profile' in r, JSON.stringify(r));
    const reference = Profile.decode(new Uint8Array(gunzipSync(bytes)));
    const index = new Map(reference.location.map((l, i) => [Number(l.id), i]));
    assert.deepEqual(sampleList(r.profile.samples), reference.sample.map((s) => ({ stack: s.locationId.map((id) => index.get(Number(id))), values: s.value.map(Number) })));
    // Self and total per profile line, summed the slow way: every sample's stack, each line once.
    const loaded = loadProfile(bytes, 'p', scanWorkspace([heapdemoDir]));
    assert.ok('attribution' in loaded, JSON.stringify(loaded));
    const expected = new Map<string, { self: number; total: number }>();
    for (const s of sampleList(r.profile.samples)) {
      const lines = [...new Set(s.stack.flatMap((l) => r.profile.locations[l]).filter((f) => f.file.includes('/heapdemo/')).map((f) => `${f.function}:${f.line}`))];
      lines.forEach((key, i) => {
        const e = expected.get(key) ?? { self: 0, total: 0 };
        if (i === 0) e.self += s.values[3];
        e.total += s.values[3];
        expected.set(key, e);
      });
    }
    const actual = new Map([...loaded.attribution.files.values()].flatMap((f) => f.lines).map((c) => [`${c.function}:${c.line}`, { self: c.self[3], total: c.total[3] }]));
    assert.ok(expected.size >= 3, JSON.stringify([...expected]));
    assert.deepEqual(actual, expected);
  });

  test('`profile` on the fixture (a -trimpath build): the append line, its findings and the quote', async () => {
    const profile = heapProfile({ trimpath: true });
    const run = await runCli(['profile', profile, fixture, '--format', 'json', '--top', '3']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { sample: string; total: number; lines: JsonLine[] };
    assert.equal(out.sample, 'inuse_space');
    const [first] = out.lines;
    assert.equal(path.basename(first.file), 'handler.go');
    assert.equal(first.line, appendLine);
    assert.ok(first.share > 0.9, String(first.share));
    assert.deepEqual(first.findings.map((f) => f.rule), ['zero-step-loop', 'unbounded-append']);
    assert.match(first.findings[1].quote ?? '', /^in the profile you opened, this append holds [\d.]+ MiB, \d+% of in-use memory: at 4,096 B per element, about [\d,]+ elements$/);
  });

  test('`profile` text output on heapdemo itself: hot lines without a finding say to look at the callers', async () => {
    const run = await runCli(['profile', heapProfile(), heapdemoDir, '--sample', 'alloc_space', '--top', '2']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^[^\n]*: alloc_space: [\d.]+ MiB in all; /);
    assert.match(run.stdout, new RegExp(`handler\\.go:${appendLine}  ▲ [\\d.]+ MiB allocated · \\d+%  main\\.handler\\n      no loop here was proven to be unbounded: look at the callers`));
  });

  test('a profile of another version: lines matched by function and offset, and the output says so', async () => {
    const profile = heapProfile();
    const moved = movedHeapdemo(['// added', '// after the profile', '// was taken']);
    const run = await runCli(['profile', profile, moved, '--format', 'json', '--top', '1']);
    assert.equal(run.code, 0, run.stderr);
    const [first] = (JSON.parse(run.stdout) as { lines: JsonLine[] }).lines;
    assert.equal(first.line, appendLine + 3);
    assert.deepEqual(first.moved?.by, 3);
    assert.deepEqual(first.moved?.profileLines, [appendLine]);
  });

  test('bad input: a truncated profile and a usage mistake exit 2 with one message', async () => {
    const bytes = new Uint8Array(fs.readFileSync(heapProfile()));
    const cut = path.join(tempDir(), 'cut.pb.gz');
    fs.writeFileSync(cut, bytes.subarray(0, 200));
    const run = await runCli(['profile', cut, heapdemoDir]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^go-oom-lens: cut\.pb\.gz: the file is truncated/);
    const usage = await runCli(['profile', cut, '--sample', 'cpu']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--sample must be one of inuse_space, inuse_objects, alloc_space, alloc_objects/);
  });
});
