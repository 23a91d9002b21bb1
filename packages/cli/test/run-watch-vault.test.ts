// secretkit run --watch against the Vault fake on a real socket: a Vault dynamic secret whose lease
// replacement restarts the child (old child gone before the new one), renewals that restart
// nothing, and KV reads that are equal or failing, which never restart anything.
import { join } from 'node:path';
import { createVaultFake, type VaultFakeSocket } from '@secretkit/vault/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleChild, watchArgs } from './helpers/run-args.js';
import { baseEnv, readLifecycle, startCli, starts, stopCli, tempDir, waitFor } from './helpers.js';

const dir = tempDir();
const fake = createVaultFake();
let socket: VaultFakeSocket;
let counter = 0;

beforeAll(async () => {
  socket = await fake.listen({ port: 0 });
});
afterEach(() => {
  fake.sealed = false;
});
afterAll(async () => {
  await fake.close();
  dir.cleanup();
});

function watch(ref: string, childFlags: string[] = []) {
  const log = join(dir.path, `vault-${++counter}.log`);
  const cli = startCli(watchArgs({ SECRET: ref }, lifecycleChild(log, childFlags)), {
    env: baseEnv({ VAULT_ADDR: socket.url, VAULT_TOKEN: fake.rootToken }),
  });
  return { cli, log };
}

/** Waits until the fake has answered `more` further calls of `operation` (a bounded, observable wait). */
async function calls(operation: Parameters<typeof fake.calls.count>[0], more: number, what: string) {
  const target = fake.calls.count(operation) + more;
  await waitFor(() => fake.calls.count(operation) >= target, what, { timeoutMs: 15_000 });
}

// The two lease tests use roles of their own and run concurrently; the sealed test changes the
// whole fake, so it runs alone.
describe.concurrent('secretkit run --watch over Vault: leases', () => {
  it('a dynamic secret’s lease replacement restarts the child with the new credential, the old one gone first', async ({
    expect,
  }) => {
    fake.addRole('database/creds/replaced', { ttl: 4, maxTtl: 4, renewable: false });
    const { cli, log } = watch('vault://database/creds/replaced#/password');
    await waitFor(() => starts(log).length === 1, 'the first child');
    await waitFor(() => starts(log).length === 2, 'the restart after the lease replacement', {
      timeoutMs: 15_000,
    });
    const [first, second] = starts(log);
    expect(first!.secret).toEqual(expect.any(String));
    expect(second!.secret).not.toBe(first!.secret);
    expect(second!.earlierAlive).toEqual([]);
    const firstExit = readLifecycle(log).find((e) => e.pid === first!.pid && e.event === 'exit')!;
    expect(firstExit.at).toBeLessThanOrEqual(second!.at);
    expect(cli.stderr()).toContain('changed: SECRET; restarting');
    expect(cli.stderr()).not.toContain(first!.secret!);
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });

  it('renews a renewable lease while the child runs, without restarting it', async ({ expect }) => {
    fake.addRole('database/creds/renewed', { ttl: 3, maxTtl: 600, renewable: true });
    const { cli, log } = watch('vault://database/creds/renewed#/password');
    await waitFor(() => starts(log).length === 1, 'the child');
    await calls('lease-renew', 2, 'two renewals');
    expect(starts(log)).toHaveLength(1);
    expect(fake.issued).toBeGreaterThanOrEqual(1);
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });
});

describe('secretkit run --watch over Vault: reads that change nothing', () => {
  it('a new version with an equal value, and failed reads (sealed), restart nothing; a real change then does', async () => {
    fake.put('secret/app/watched', { password: 'kv-value-1' });
    const { cli, log } = watch('vault://secret/app/watched#/password');
    await waitFor(() => starts(log).length === 1, 'the child');
    fake.put('secret/app/watched', { password: 'kv-value-1' }); // version 2, same value
    await calls('kv-read', 4, 'four reads after the equal write');
    fake.sealed = true;
    await waitFor(() => cli.stderr().includes('UNAVAILABLE'), 'the failure to be reported', {
      timeoutMs: 15_000,
    });
    await waitFor(
      () => cli.stderr().includes('cannot read vault://secret/app/watched#/password'),
      'the ref named',
    );
    fake.sealed = false;
    await waitFor(() => cli.stderr().includes('every ref reads again'), 'the recovery', {
      timeoutMs: 15_000,
    });
    await calls('kv-read', 3, 'three reads after the recovery');
    expect(starts(log)).toHaveLength(1);
    expect(cli.stderr().match(/cannot read/g)).toHaveLength(1); // reported once, not at every interval
    fake.put('secret/app/watched', { password: 'kv-value-2' });
    await waitFor(() => starts(log).length === 2, 'the restart after a real change', { timeoutMs: 10_000 });
    expect(starts(log)[1]!.secret).toBe('kv-value-2');
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });
});
