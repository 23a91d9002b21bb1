// secretkit run --watch with file refs: restart (stop signal, kill timeout, old child gone before
// the new one), signal:SIG, none, the 2 s debounce, and a stop signal that cancels a restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { lifecycleChild, nodeEval, watchArgs } from './helpers/run-args.js';
import { readLifecycle, replaceFile, startCli, starts, stopCli, tempDir, waitFor } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
let counter = 0;

/** A fresh secret file and log for one test. */
function scenario(initial: string) {
  const id = ++counter;
  const secret = join(dir.path, `secret-${id}`);
  const log = join(dir.path, `life-${id}.log`);
  writeFileSync(secret, initial);
  return { secret, log, ref: `file://${secret}` };
}

function startWatching(ref: string, log: string, flags: string[] = [], childFlags: string[] = []) {
  return startCli(watchArgs({ SECRET: ref }, lifecycleChild(log, childFlags), flags));
}

// Each test has its own files and processes: they run concurrently (each waits out 1 s polls and a 2 s debounce).
describe.concurrent('secretkit run --watch', () => {
  it('restarts on a change: SIGTERM, the old child gone, then a new one with the new value, 2 s after the change', async ({
    expect,
  }) => {
    const { secret, log, ref } = scenario('first-value-1');
    const cli = startWatching(ref, log, [], ['--print']);
    await waitFor(() => starts(log).length === 1, 'the first child');
    const changedAt = Date.now();
    replaceFile(secret, 'second-value-2');
    await waitFor(() => starts(log).length === 2, 'the restart', { timeoutMs: 8_000 });
    const [first, second] = starts(log);
    expect(second!.at - changedAt).toBeGreaterThanOrEqual(2_000); // debounced
    expect(second).toMatchObject({ secret: 'second-value-2', earlierAlive: [] });
    const events = readLifecycle(log).map((e) => [e.pid, e.event, e.signal]);
    expect(events).toEqual([
      [first!.pid, 'start', undefined],
      [first!.pid, 'signal', 'SIGTERM'],
      [first!.pid, 'exit', undefined],
      [second!.pid, 'start', undefined],
    ]);
    expect(cli.stderr()).toContain('secretkit: changed: SECRET; restarting');
    const result = await stopCli(cli, 'SIGTERM');
    expect(result.code).toBe(0);
    expect(starts(log)).toHaveLength(2); // a stop signal starts nothing new
    expect(result.stdout).toBe('secret=[redacted]\nsecret=[redacted]\n');
    expect(result.stderr).not.toMatch(/first-value|second-value/);
  });

  it('changes of several refs within the debounce make one restart with every new value', async ({
    expect,
  }) => {
    const a = scenario('a-value-1');
    const b = scenario('b-value-1');
    const logBoth = `require('fs').appendFileSync(${JSON.stringify(a.log)}, JSON.stringify({ event: 'start', pid: process.pid, secret: process.env.SECRET + '+' + process.env.OTHER }) + '\\n'); setInterval(() => {}, 1000)`;
    const cli = startCli(watchArgs({ SECRET: a.ref, OTHER: b.ref }, nodeEval(logBoth)));
    await waitFor(() => starts(a.log).length === 1, 'the first child');
    replaceFile(a.secret, 'a-value-2');
    await new Promise((resolve) => setTimeout(resolve, 800)); // the second secret of one rotation, a little later
    replaceFile(b.secret, 'b-value-2');
    await waitFor(() => starts(a.log).length === 2, 'the restart', { timeoutMs: 8_000 });
    expect(starts(a.log)[1]!.secret).toBe('a-value-2+b-value-2');
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(143); // this child has no SIGTERM handler: 128 + 15
  });

  it('sends SIGKILL when the child ignores the restart signal past --kill-timeout, and waits for it to be gone', async ({
    expect,
  }) => {
    const { secret, log, ref } = scenario('stubborn-1');
    const cli = startWatching(ref, log, ['--kill-timeout', '1s'], ['--ignore-term', '--exit-on', 'SIGINT']);
    await waitFor(() => starts(log).length === 1, 'the first child');
    replaceFile(secret, 'stubborn-2');
    await waitFor(() => starts(log).length === 2, 'the restart', { timeoutMs: 10_000 });
    const term = readLifecycle(log).find((e) => e.event === 'signal' && e.signal === 'SIGTERM')!;
    const second = starts(log)[1]!;
    expect(second.at - term.at).toBeGreaterThanOrEqual(900);
    expect(second).toMatchObject({ secret: 'stubborn-2', earlierAlive: [] });
    expect(readLifecycle(log).filter((e) => e.event === 'exit')).toEqual([]); // the old one never exited by itself
    expect((await stopCli(cli, 'SIGINT')).code).toBe(0);
  });

  it('--restart-signal chooses the stop signal', async ({ expect }) => {
    const { secret, log, ref } = scenario('int-1');
    const cli = startWatching(ref, log, ['--restart-signal', 'INT'], ['--exit-on', 'SIGINT']);
    await waitFor(() => starts(log).length === 1, 'the first child');
    replaceFile(secret, 'int-2');
    await waitFor(() => starts(log).length === 2, 'the restart', { timeoutMs: 8_000 });
    expect(readLifecycle(log).find((e) => e.event === 'signal')?.signal).toBe('SIGINT');
    await stopCli(cli, 'SIGINT');
  });

  it('--on-change signal:SIGHUP signals the running child instead of restarting it', async ({ expect }) => {
    const { secret, log, ref } = scenario('hup-1');
    const cli = startWatching(ref, log, ['--on-change', 'signal:SIGHUP']);
    await waitFor(() => starts(log).length === 1, 'the child');
    replaceFile(secret, 'hup-2');
    await waitFor(() => readLifecycle(log).some((e) => e.signal === 'SIGHUP'), 'the SIGHUP', {
      timeoutMs: 8_000,
    });
    expect(starts(log)).toHaveLength(1);
    expect(cli.stderr()).toContain('secretkit: changed: SECRET; sending SIGHUP');
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });

  it('--on-change none only reports the change', async ({ expect }) => {
    const { secret, log, ref } = scenario('none-1');
    const cli = startWatching(ref, log, ['--on-change', 'none']);
    await waitFor(() => starts(log).length === 1, 'the child');
    replaceFile(secret, 'none-2');
    await waitFor(() => cli.stderr().includes('changed: SECRET (--on-change none'), 'the report', {
      timeoutMs: 8_000,
    });
    expect(readLifecycle(log).map((e) => e.event)).toEqual(['start']);
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });

  it('a stop signal while a change waits out its debounce starts no new child, even if the child takes long to stop', async ({
    expect,
  }) => {
    const { secret, log, ref } = scenario('cancel-1');
    const slowStop = `const fs = require('fs'); const log = ${JSON.stringify(log)};
      fs.appendFileSync(log, JSON.stringify({ event: 'start', pid: process.pid, secret: process.env.SECRET }) + '\\n');
      process.on('SIGTERM', () => setTimeout(() => process.exit(0), 3000)); setInterval(() => {}, 1000);`;
    const cli = startCli(watchArgs({ SECRET: ref }, nodeEval(slowStop)));
    await waitFor(() => starts(log).length === 1, 'the child');
    replaceFile(secret, 'cancel-2');
    await new Promise((resolve) => setTimeout(resolve, 1_300)); // the change is seen (1 s polls), its 2 s debounce runs
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0); // the child stops slowly: the debounce ends meanwhile
    expect(starts(log)).toHaveLength(1);
    expect(cli.stderr()).not.toContain('restarting');
  });
});
