// What a provider answers is checked before anything is cached or reported (issue 11 defects 5
// and 12): events carry only checked data, and a record whose expiry cannot be read is not served.
import { describe, expect, it, vi } from 'vitest';
import {
  createSecretsClient,
  type SecretProvider,
  type SecretRecord,
  type SecretsEvents,
} from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest({ now: new Date('2030-01-01T00:00:00Z') });

/** A provider answering `record` for every name, in a batch too. */
function answering(record: unknown): SecretProvider {
  return {
    name: 'hostile',
    getSecret: async () => record as SecretRecord,
    getSecrets: async (requests) => requests.map(() => record as SecretRecord),
  };
}

function recordEvents(client: ReturnType<typeof createSecretsClient>) {
  const events: Array<[string, unknown]> = [];
  for (const kind of ['fetch', 'lease', 'rotate', 'error'] as const) {
    client.on(kind, (event: SecretsEvents[typeof kind]) => events.push([kind, event]));
  }
  return events;
}

describe('the fetch event (defect 5)', () => {
  it.each([
    ['a number', 42],
    ['an object', { toString: () => 'v' }],
    ['null', null],
  ])('never carries a version that is %s: the record is rejected first', async (_what, version) => {
    const client = createSecretsClient({ provider: answering({ name: 'db', value: 'pw', version }) });
    const events = recordEvents(client);
    const error = await expectRejection(client.get('db'), 'UNKNOWN');
    expect(error.message).toContain('version is not a string');
    expect(events).toEqual([['fetch', { name: 'db', durationMs: 0, outcome: 'error', code: 'UNKNOWN' }]]);
    expect(client.stats()).toMatchObject({ providerCalls: 1, errors: 1, entries: 0 });
  });

  it('checks each record of a batch before its fetch event', async () => {
    const client = createSecretsClient({ provider: answering({ name: 'x', value: 'pw', version: 7 }) });
    const events = recordEvents(client);
    await expectRejection(client.getMany(['a', 'b']), 'UNKNOWN');
    expect(events).toEqual([
      ['fetch', { name: 'a', durationMs: 0, outcome: 'error', code: 'UNKNOWN' }],
      ['fetch', { name: 'b', durationMs: 0, outcome: 'error', code: 'UNKNOWN' }],
    ]);
  });

  it.each([
    ['an id that is not a string', { id: 42, ttlMs: 60_000, renewable: true }],
    ['an empty id', { id: '', ttlMs: 60_000, renewable: true }],
    ['a ttl that is not a number', { id: 'l', ttlMs: '60s', renewable: true }],
    ['renewable that is not a boolean', { id: 'l', ttlMs: 60_000, renewable: 'yes' }],
    ['null', null],
  ])('rejects a lease with %s, so no lease event can carry it', async (_what, lease) => {
    const client = createSecretsClient({ provider: answering({ name: 'db', value: 'pw', lease }) });
    const events = recordEvents(client);
    await expectRejection(client.get('db'), 'UNKNOWN');
    expect(events.map(([kind]) => kind)).toEqual(['fetch']);
  });
});

describe('unreadable dates (defect 12)', () => {
  it('does not serve a record whose expiresAt is an Invalid Date: DISABLED, like an expired one', async () => {
    const provider = answering({ name: 'db', value: 'pw', version: '1', expiresAt: new Date('garbage') });
    const client = createSecretsClient({ provider });
    const events = recordEvents(client);
    const error = await expectRejection(client.get('db'), 'DISABLED');
    expect(error.message).toContain('unreadable expiry');
    expect(error.message).not.toContain('pw');
    expect(client.stats().entries).toBe(0);
    expect(events).toEqual([['fetch', { name: 'db', durationMs: 0, outcome: 'error', code: 'DISABLED' }]]);
    await expectRejection(client.getMany(['db', 'other']), 'DISABLED');
  });

  it('evicts a cached value when its refresh answers an Invalid Date expiry, and never serves it stale', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: '1m', staleIfError: '15m' }, retry: false });
    expect(await client.get('db')).toBe('pw');
    provider.set('db', 'pw2', { version: '2', expiresAt: new Date(Number.NaN) });
    await vi.advanceTimersByTimeAsync(60_000);
    await expectRejection(client.get('db'), 'DISABLED');
    expect(client.stats()).toMatchObject({ entries: 0, staleHits: 0 });
  });

  it.each([
    ['createdAt is an Invalid Date', { createdAt: new Date('x') }, 'createdAt is not a valid Date'],
    ['createdAt is a string', { createdAt: '2030-01-01' }, 'createdAt is not a valid Date'],
    ['expiresAt is a string', { expiresAt: '2031-01-01' }, 'expiresAt is not a Date'],
    ['expiresAt is a number', { expiresAt: 1_900_000_000_000 }, 'expiresAt is not a Date'],
  ])('rejects a record whose %s as malformed (UNKNOWN)', async (_what, fields, problem) => {
    const client = createSecretsClient({ provider: answering({ name: 'db', value: 'pw', ...fields }) });
    const error = await expectRejection(client.get('db'), 'UNKNOWN');
    expect(error.message).toContain(problem);
  });

  it('still serves a record with valid dates', async () => {
    const createdAt = new Date('2029-12-31T00:00:00Z');
    const expiresAt = new Date('2030-01-02T00:00:00Z');
    const client = createSecretsClient({
      provider: answering({ name: 'db', value: 'pw', createdAt, expiresAt }),
    });
    const secret = await client.getSecret('db');
    expect([secret.text(), secret.createdAt, secret.expiresAt]).toEqual(['pw', createdAt, expiresAt]);
  });
});
