// One run per package: a newer request supersedes (cancels) the running one, whose results are dropped.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { EscapeRun, EscapeRunOptions } from '../../server/src/escape/compiler';
import { EscapeScheduler } from '../../server/src/escape/scheduler';
import { makeHangingGo, makePackage, processGone, removeDir, requireGo } from './goPackages';

describe('EscapeScheduler', () => {
  const fake = makeHangingGo();
  const dir = makePackage('sched', { 'a.go': 'package sched\n\nfunc F() *int {\n\tx := 1\n\treturn &x\n}\n' });
  const env = { ...process.env, FAKE_GO_PIDFILE: fake.pidFile };
  before(() => { requireGo(); });
  after(() => { removeDir(fake.dir); removeDir(dir); });

  it('cancels the running analysis of a package when a new one is asked for, and drops its results', async () => {
    const scheduler = new EscapeScheduler();
    let firstPid = 0;
    let firstSettled = false;
    let second: Promise<EscapeRun | undefined> | undefined;
    const secondStarted = (): void => {
      // The superseded go (and its child) are gone before the new one starts.
      assert.ok(firstSettled, 'the superseded run has ended');
      assert.ok(processGone(firstPid));
    };
    const first = scheduler.run({
      packageDir: dir, goBinary: fake.go, env, timeoutMs: 600_000,
      onStart: (pid) => {
        firstPid = pid;
        second = scheduler.run({ packageDir: dir, onStart: secondStarted });
      },
    });
    first.then(() => { firstSettled = true; }, () => undefined);
    assert.equal(await first, undefined, 'the superseded run has no result');
    const result = await second!;
    assert.equal(result?.outcome, 'ok', result?.message);
    assert.deepEqual(result?.facts.filter((f) => f.kind === 'moved-to-heap').map((f) => f.name), ['x']);
    assert.equal(scheduler.isRunning(dir), false);
  });

  it('lets a package be cancelled explicitly; other packages are not affected', async () => {
    const scheduler = new EscapeScheduler();
    const other = makePackage('schedother', { 'a.go': 'package schedother\n' });
    try {
      let running!: Promise<EscapeRun | undefined>;
      const started = new Promise<void>((resolve) => {
        running = scheduler.run({ packageDir: dir, goBinary: fake.go, env, timeoutMs: 600_000, onStart: () => resolve() });
      });
      await started;
      assert.equal(scheduler.isRunning(dir), true);
      const otherRun = await scheduler.run({ packageDir: other });
      assert.equal(otherRun?.outcome, 'ok');
      scheduler.cancel(dir);
      assert.equal((await running)?.outcome, 'cancelled');
    } finally {
      removeDir(other);
    }
  });

  it('drops a request superseded while it waited for the previous run to end', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fakeRunner = async (o: EscapeRunOptions): Promise<EscapeRun> => {
      calls.push(o.goBinary ?? '');
      if (o.goBinary === 'first') await new Promise<void>((r) => o.signal?.addEventListener('abort', () => gate.then(r)));
      return { ok: true, outcome: 'ok', packageDir: o.packageDir, facts: [], errors: [], message: o.goBinary ?? '', log: '', command: [], exitCode: 0, durationMs: 0 };
    };
    const scheduler = new EscapeScheduler(fakeRunner);
    const first = scheduler.run({ packageDir: dir, goBinary: 'first' });
    const second = scheduler.run({ packageDir: dir, goBinary: 'second' });
    const third = scheduler.run({ packageDir: dir, goBinary: 'third' });
    release();
    assert.deepEqual(await Promise.all([first, second, third]).then((r) => r.map((x) => x?.message)), [undefined, undefined, 'third']);
    assert.deepEqual(calls, ['first', 'third'], 'the middle request never ran');
  });
});
