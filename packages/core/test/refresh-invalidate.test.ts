// refresh() bypasses the cache (coalesced) and stores the result; invalidate() drops entries.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('refresh', () => {
  it('calls the provider despite a fresh entry and serves the result from the cache afterwards', async () => {
    const provider = scriptedProvider({ db: 'old' });
    const client = createSecretsClient({ provider });
    await client.get('db');
    provider.set('db', 'new', { version: '2' });
    const secret = await client.refresh('db');
    expect([secret.text(), secret.version, secret.stale]).toEqual(['new', '2', false]);
    expect(provider.count()).toBe(2);
    expect(await client.get('db')).toBe('new');
    expect(provider.count()).toBe(2);
  });

  it('coalesces with a get in flight and with another refresh', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const release = provider.hold();
    const all = Promise.all([client.get('db'), client.refresh('db'), client.refresh('db')]);
    await vi.advanceTimersByTimeAsync(0);
    release();
    const [text, first, second] = await all;
    expect([text, first.text(), second.text()]).toEqual(['pw', 'pw', 'pw']);
    expect(provider.count()).toBe(1);
    expect(client.stats().coalesced).toBe(2);
  });

  it('refreshes the pinned entry only', async () => {
    const provider = scriptedProvider({ db: 'current' });
    provider.setPinned('db', { version: 'v1' }, 'one', 'v1');
    const client = createSecretsClient({ provider });
    await client.get('db');
    await client.refresh('db', { version: 'v1' });
    expect(provider.calls.map((call) => call.requests[0])).toEqual([
      { name: 'db' },
      { name: 'db', version: 'v1' },
    ]);
    expect(client.stats().entries).toBe(2);
  });

  it('evicts the entry when the secret is gone, and rejects', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    await client.get('db');
    provider.remove('db');
    await expectRejection(client.refresh('db'), 'NOT_FOUND');
    expect(client.stats().entries).toBe(0);
    await expectRejection(client.get('db'), 'NOT_FOUND');
    expect(provider.count()).toBe(3);
  });
});

describe('invalidate', () => {
  it('drops every version and stage of one name, and nothing else', async () => {
    const provider = scriptedProvider({ db: 'current', other: 'x' });
    provider.setPinned('db', { version: 'v1' }, 'one', 'v1');
    provider.setPinned('db', { stage: 'AWSPREVIOUS' }, 'prev', 'v0');
    const client = createSecretsClient({ provider });
    const readAll = () =>
      Promise.all([
        client.get('db'),
        client.get('db', { version: 'v1' }),
        client.get('db', { stage: 'AWSPREVIOUS' }),
        client.get('other'),
      ]);
    await readAll();
    expect(client.stats().entries).toBe(4);
    client.invalidate('db');
    expect(client.stats().entries).toBe(1);
    expect(await readAll()).toEqual(['current', 'one', 'prev', 'x']);
    expect(provider.count()).toBe(7);
  });

  it('drops everything when called without a name', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    const client = createSecretsClient({ provider });
    await client.get('a');
    await client.get('b');
    client.invalidate();
    expect(client.stats().entries).toBe(0);
    await client.get('a');
    await client.get('b');
    expect(provider.count()).toBe(4);
  });

  it('does nothing for a name that is not cached', async () => {
    const provider = scriptedProvider({ a: 'A' });
    const client = createSecretsClient({ provider });
    await client.get('a');
    client.invalidate('b');
    expect(client.stats().entries).toBe(1);
  });
});
