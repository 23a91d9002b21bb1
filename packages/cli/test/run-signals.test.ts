// secretkit run forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 to the child, waits
// for it, and exits with its code (128 + n when the signal ended it).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finish, fixture, NODE, readLifecycle, startCli, stopCli, tempDir, waitFor } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
writeFileSync(join(dir.path, 'secret'), 'forwarded-secret');
const secretRef = `file://${join(dir.path, 'secret')}`;

describe('secretkit run: signals', () => {
  it('forwards each of the six signals, in order, to the child', async () => {
    const log = join(dir.path, 'six.log');
    const cli = startCli([
      'run',
      '--env',
      `SECRET=${secretRef}`,
      '--',
      NODE,
      fixture('lifecycle.mjs'),
      log,
      '--exit-on',
      'SIGQUIT',
    ]);
    await waitFor(() => readLifecycle(log).some((e) => e.event === 'start'), 'the child to start');
    const sent = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT'] as const;
    for (const [index, signal] of sent.entries()) {
      cli.kill(signal);
      await waitFor(
        () => readLifecycle(log).filter((e) => e.event === 'signal').length === index + 1,
        `${signal} to reach the child`,
      );
    }
    const result = await finish(cli);
    expect(result.code).toBe(0);
    const events = readLifecycle(log);
    expect(events.filter((e) => e.event === 'signal').map((e) => e.signal)).toEqual([...sent]);
    expect(new Set(events.map((e) => e.pid)).size).toBe(1); // one child: no signal started another
    expect(events[0]).toMatchObject({ event: 'start', secret: 'forwarded-secret' });
  });

  it('waits for a child that takes its time to stop, and exits with its code', async () => {
    const ready = join(dir.path, 'slow.ready');
    const script = `process.on('SIGTERM', () => setTimeout(() => process.exit(7), 400));
      require('fs').writeFileSync(${JSON.stringify(ready)}, '1'); setInterval(() => {}, 1000);`;
    const cli = startCli(['run', '--', NODE, '-e', script]);
    await waitFor(() => existsSync(ready), 'the child to start');
    const sentAt = Date.now();
    const result = await stopCli(cli, 'SIGTERM');
    expect(result.code).toBe(7);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(350);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('a child without a handler ended by a forwarded %s: exit %i', async (signal, code) => {
    const ready = join(dir.path, `${signal}.ready`);
    const cli = startCli([
      'run',
      '--',
      NODE,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(ready)}, '1'); setInterval(() => {}, 1000);`,
    ]);
    await waitFor(() => existsSync(ready), 'the child to start');
    expect((await stopCli(cli, signal)).code).toBe(code);
  });
});
