// withSecret (DESIGN §4): run `use(value)`; on a credential rejection force-refresh (at most once
// per 10 s per name) and, only when the version changed, run `use(newValue)` once more.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type RotationEvent } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

async function setup() {
  const provider = scriptedProvider({ db: 'pw-1', other: 'o-1' });
  const client = createSecretsClient({ provider, retry: false });
  const rotations: RotationEvent[] = [];
  client.on('rotate', (event) => rotations.push(event));
  await client.get('db');
  return { provider, client, rotations };
}

/** A `use` that rejects every value but `accepted` with `rejection`, and records what it got. */
function login(accepted: string, rejection: unknown) {
  const seen: string[] = [];
  const use = async (value: string) => {
    seen.push(value);
    if (value !== accepted) throw rejection;
    return `connected with ${value}`;
  };
  return { seen, use };
}

describe('withSecret', () => {
  it('runs use once with the cached value when it succeeds', async () => {
    const { provider, client } = await setup();
    const { seen, use } = login('pw-1', new Error('unused'));
    await expect(client.withSecret('db', use)).resolves.toBe('connected with pw-1');
    expect(seen).toEqual(['pw-1']);
    expect(provider.count()).toBe(1);
    await client.close();
  });

  it.each([
    ['PostgreSQL 28P01', Object.assign(new Error('password authentication failed'), { code: '28P01' })],
    ['HTTP 401', Object.assign(new Error('Unauthorized'), { status: 401 })],
  ])(
    'after a rotation, a %s rejection refreshes and retries once with the new value',
    async (_, rejection) => {
      const { provider, client, rotations } = await setup();
      provider.set('db', 'pw-2', { version: '2' });
      const { seen, use } = login('pw-2', rejection);
      await expect(client.withSecret('db', use)).resolves.toBe('connected with pw-2');
      expect(seen).toEqual(['pw-1', 'pw-2']);
      expect(provider.count()).toBe(2);
      expect(rotations).toHaveLength(1);
      expect(rotations[0]).toMatchObject({ name: 'db', previousVersion: '1', version: '2' });
      expect(await client.get('db')).toBe('pw-2');
      expect(provider.count()).toBe(2);
      await client.close();
    },
  );

  it('rethrows the rejection without a second use when the version did not change', async () => {
    const { provider, client } = await setup();
    const rejection = Object.assign(new Error('bad password'), { code: '28P01' });
    const { seen, use } = login('never', rejection);
    await expect(client.withSecret('db', use)).rejects.toBe(rejection);
    expect(seen).toEqual(['pw-1']);
    expect(provider.count()).toBe(2); // the forced refresh
    await client.close();
  });

  it('rethrows a non-auth error without a refresh', async () => {
    const { provider, client } = await setup();
    provider.set('db', 'pw-2', { version: '2' });
    for (const failure of [
      new Error('connection refused'),
      Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }),
      Object.assign(new Error('forbidden'), { status: 403 }),
    ]) {
      const { seen, use } = login('pw-2', failure);
      await expect(client.withSecret('db', use)).rejects.toBe(failure);
      expect(seen).toEqual(['pw-1']);
    }
    expect(provider.count()).toBe(1);
    await client.close();
  });

  it('does not retry a second time when the new value is rejected too', async () => {
    const { provider, client } = await setup();
    provider.set('db', 'pw-2', { version: '2' });
    const rejection = Object.assign(new Error('denied'), { code: '28P01' });
    const { seen, use } = login('never', rejection);
    await expect(client.withSecret('db', use)).rejects.toBe(rejection);
    expect(seen).toEqual(['pw-1', 'pw-2']);
    expect(provider.count()).toBe(2);
    await client.close();
  });

  it('force-refreshes a name at most once per 10 s', async () => {
    const { provider, client } = await setup();
    await client.get('other');
    const rejection = { status: 401 };
    const { use } = login('never', rejection);
    await expect(client.withSecret('db', use)).rejects.toBe(rejection);
    await vi.advanceTimersByTimeAsync(9_999);
    await expect(client.withSecret('db', use)).rejects.toBe(rejection);
    expect(provider.count()).toBe(3); // db, other, one forced refresh of db
    // Another name has its own budget.
    await expect(client.withSecret('other', use)).rejects.toBe(rejection);
    expect(provider.count()).toBe(4);
    await vi.advanceTimersByTimeAsync(1);
    await expect(client.withSecret('db', use)).rejects.toBe(rejection);
    expect(provider.count()).toBe(5);
    await client.close();
  });

  it('uses a custom retryOn instead of the default', async () => {
    const { provider, client } = await setup();
    provider.set('db', 'pw-2', { version: '2' });
    const expired = new Error('token expired');
    const retryOn = (error: unknown) => error === expired;
    const custom = login('pw-2', expired);
    await expect(client.withSecret('db', custom.use, { retryOn })).resolves.toBe('connected with pw-2');
    expect(custom.seen).toEqual(['pw-1', 'pw-2']);

    // A default auth code is not retried when retryOn says no.
    const pg = Object.assign(new Error('bad password'), { code: '28P01' });
    const other = login('never', pg);
    await expect(client.withSecret('other', other.use, { retryOn: () => false })).rejects.toBe(pg);
    expect(other.seen).toEqual(['o-1']);
    expect(provider.count()).toBe(3); // db load, db refresh, other load
    await client.close();
  });

  it('rejects a non-function use or retryOn with CONFIG before any call', async () => {
    const provider = scriptedProvider({ db: 'pw-1' });
    const client = createSecretsClient({ provider });
    await expectRejection(client.withSecret('db', 'use' as never), 'CONFIG');
    await expectRejection(
      client.withSecret('db', async () => 1, { retryOn: 'auth' as never }),
      'CONFIG',
    );
    expect(provider.calls).toEqual([]);
    await client.close();
    await expectRejection(
      client.withSecret('db', async () => 1),
      'CLOSED',
    );
  });
});
