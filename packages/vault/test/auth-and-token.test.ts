// The four auth methods and the token lifecycle with fake timers: renew-self on core's schedule,
// re-login at max TTL / on a 403 for the token, backoff without hot loops, no renewal for root or
// batch tokens, and the re-login hint that makes core re-read leased secrets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretsClient, type RotationEvent } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import { reloginBackoff } from '../src/token-schedule.js';
import { context, testProvider, useFake } from './harness.js';
import { useScheduleTimersPerTest } from './schedule-timers.js';

const fake = useFake({ loginToken: { ttl: 60, maxTtl: 300, renewable: true } });
const approle = () => ({
  method: 'approle' as const,
  roleId: fake.approle.roleId,
  secretId: fake.approle.secretId,
});

useScheduleTimersPerTest();

/** Vault's errors for a request whose token it no longer accepts (a 403). */
const INVALID_TOKEN = ['permission denied', 'invalid token'];

/** An AppRole provider that has logged in and read `secret/app` once, and the change hints it gives. */
async function loggedInProvider() {
  const provider = testProvider(fake, { auth: approle(), kv: { secret: 2 } });
  const hints: unknown[] = [];
  provider.watchChanges((hint) => hints.push(hint));
  fake.put('secret/app', { a: 1 });
  await provider.getSecret({ name: 'secret/app' }, context());
  return { provider, hints };
}

describe('auth methods', () => {
  it('AppRole, Kubernetes (jwtPath) and JWT log in once, then read with the issued token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-k8s-'));
    const jwtPath = join(dir, 'token');
    writeFileSync(jwtPath, `${fake.kubernetes.jwt}\n`);
    const methods = [
      approle(),
      { method: 'kubernetes' as const, role: fake.kubernetes.role, jwtPath },
      { method: 'jwt' as const, role: fake.jwt.role, jwt: fake.jwt.jwt },
    ];
    fake.put('secret/app', { a: 1 });
    for (const auth of methods) {
      const provider = testProvider(fake, { auth, kv: { secret: 2 } });
      await provider.getSecret({ name: 'secret/app' }, context());
      await provider.getSecret({ name: 'secret/app' }, context());
      await provider.close();
    }
    expect(fake.calls.log.filter((c) => c.operation === 'login').map((c) => c.path)).toEqual([
      'auth/approle/login',
      'auth/kubernetes/login',
      'auth/jwt/login',
    ]);
    expect(fake.calls.count('kv-read')).toBe(6);
  });

  it('a Kubernetes JWT file that cannot be read is CONFIG, without the path content', async () => {
    const provider = testProvider(fake, {
      auth: { method: 'kubernetes', role: 'app', jwtPath: '/nonexistent/token' },
    });
    await expect(provider.getSecret({ name: 'secret/app' }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(0);
  });
});

describe('token lifecycle', () => {
  it('renews a login token on schedule, then re-logs in once at max TTL and hints {}', async () => {
    const { provider, hints } = await loggedInProvider();
    // TTL 60 s, grace 9 s: renew every 43 s; at 258 s only 42 s are left (max TTL 300 s), at 289 s
    // 11 s (≤ 4 × grace): the token is replaced at 85–95% of that, a re-login before 300 s.
    await vi.advanceTimersByTimeAsync(299_000);
    expect(fake.calls.count('renew-self')).toBe(7);
    expect(fake.calls.count('login')).toBe(2);
    expect(hints).toEqual([{}]);
    await provider.getSecret({ name: 'secret/app' }, context()); // the new token works
    await provider.close();
  });

  it('never renews root or batch tokens; renews a renewable static token', async () => {
    for (const [makeToken, renewals] of [
      [() => fake.rootToken, 0],
      [() => fake.createToken({ ttl: 600, type: 'batch', renewable: false }), 0],
      [() => fake.createToken({ ttl: 60, maxTtl: 6000 }), 2],
    ] as const) {
      const token = makeToken();
      const before = fake.calls.count('renew-self');
      const provider = testProvider(fake, { token, kv: { secret: 2 } });
      fake.put('secret/app', { a: 1 });
      await provider.getSecret({ name: 'secret/app' }, context());
      await vi.advanceTimersByTimeAsync(100_000);
      expect(fake.calls.count('renew-self') - before).toBe(renewals);
      await provider.close();
    }
    expect(fake.calls.count('lookup-self')).toBe(3);
  });

  it('a 403 for the token on a read re-logs in once and retries once; a hint follows', async () => {
    const { provider, hints } = await loggedInProvider();
    await vi.advanceTimersByTimeAsync(2_000); // past the 1 s guard after a login
    fake.failNext(403, { errors: INVALID_TOKEN });
    await expect(provider.getSecret({ name: 'secret/app' }, context())).resolves.toMatchObject({
      value: '{"a":1}',
    });
    expect(fake.calls.count('login')).toBe(2);
    expect(fake.calls.count('kv-read')).toBe(3);
    expect(hints).toEqual([{}]);
    // A second refusal within the second after a login is not retried: no hot loop.
    fake.failNext(403, { errors: INVALID_TOKEN });
    await expect(provider.getSecret({ name: 'secret/app' }, context())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(fake.calls.count('login')).toBe(2);
    await provider.close();
  });

  it('a 403 for the token on renew-self re-logs in', async () => {
    const { provider } = await loggedInProvider();
    fake.failNext(403, { errors: INVALID_TOKEN, pathPrefix: 'auth/token/renew-self' });
    await vi.advanceTimersByTimeAsync(43_000);
    expect(fake.calls.count('renew-self')).toBe(1);
    expect(fake.calls.count('login')).toBe(2);
    await provider.close();
  });

  it('failing re-logins back off 1 s, 2 s, 4 s … and never loop hot', async () => {
    const { provider } = await loggedInProvider();
    fake.failNext(503, { pathPrefix: 'auth/approle/login', times: 1000 });
    fake.failNext(403, { errors: INVALID_TOKEN, pathPrefix: 'auth/token/renew-self' });
    await vi.advanceTimersByTimeAsync(43_000); // renew refused → re-login attempts start
    await vi.advanceTimersByTimeAsync(60_000);
    // attempts at 0, 1, 3, 7, 15, 31 s after the refusal (the next one is at 63 s)
    expect(fake.calls.count('login')).toBe(1 + 6);
    await provider.close();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fake.calls.count('login')).toBe(7); // close stops it
  });

  it('reloginBackoff: 1 s ×2 up to 5 min with jitter in [0.5, 1.5), never 0', () => {
    expect(reloginBackoff(1, () => 0.5)).toBe(1000);
    expect(reloginBackoff(2, () => 0.5)).toBe(2000);
    expect(reloginBackoff(30, () => 0.5)).toBe(300_000);
    expect(reloginBackoff(1, () => 0)).toBe(500);
    expect(reloginBackoff(1, () => 0.999)).toBeLessThan(1500);
    expect(reloginBackoff(0, () => Number.NaN)).toBe(500);
  });
});

describe('end to end with core', () => {
  it('a token re-login hints core, which re-reads the leased secret once (old leases died with the token)', async () => {
    fake.addRole('database/creds/app', { ttl: 600, maxTtl: 100_000 });
    const client = createSecretsClient({ provider: testProvider(fake, { auth: approle() }), retry: false });
    const rotations: RotationEvent[] = [];
    client.on('rotate', (e) => rotations.push(e));
    const first = await client.get('database/creds/app', { field: 'username' });
    await vi.advanceTimersByTimeAsync(299_000); // the token reaches max TTL: re-login
    expect(fake.calls.count('login')).toBe(2);
    expect(fake.issued).toBe(2);
    expect(fake.calls.count('creds')).toBe(2);
    const second = await client.get('database/creds/app', { field: 'username' });
    expect(second).not.toBe(first);
    expect(rotations.map((e) => e.reason)).toEqual(['lease-replaced']);
    await vi.advanceTimersByTimeAsync(2_000); // t = 301 s: the old token and its lease are gone
    expect(fake.liveLeases()).toHaveLength(1);
    expect(fake.calls.count('creds')).toBe(2);
    await client.close();
  });
});
