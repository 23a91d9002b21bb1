// Events (DESIGN §4): `fetch` per provider call, `rotate` when a fetch sees a new version of a
// cached name, unsubscribe, and listeners that cannot break a read.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsClient, type SecretsEvents } from '../src/index.js';
import { expectSecretsError, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

type Recorded = { [K in keyof SecretsEvents]: [K, SecretsEvents[K]] }[keyof SecretsEvents];

function record(client: SecretsClient): Recorded[] {
  const events: Recorded[] = [];
  client.on('fetch', (event) => events.push(['fetch', event]));
  client.on('rotate', (event) => events.push(['rotate', event]));
  client.on('error', (event) => events.push(['error', event]));
  client.on('lease', (event) => events.push(['lease', event]));
  return events;
}

describe('fetch events', () => {
  it('reports every provider call, with its outcome, code and version', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failNext('THROTTLED');
    const client = createSecretsClient({ provider, random: () => 0 });
    const events = record(client);
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(10);
    expect(read.value).toBe('pw');
    expect(events).toEqual([
      ['fetch', { name: 'db', durationMs: 0, outcome: 'error', code: 'THROTTLED' }],
      ['fetch', { name: 'db', durationMs: 0, outcome: 'ok', version: '1' }],
    ]);
    await client.get('db');
    expect(events).toHaveLength(2);
  });

  it('measures the call’s duration', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const events = record(client);
    const release = provider.hold();
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(250);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(read.value).toBe('pw');
    expect(events).toEqual([['fetch', { name: 'db', durationMs: 250, outcome: 'ok', version: '1' }]]);
  });

  it('reports one event per coalesced call, not per caller', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const events = record(client);
    await Promise.all([client.get('db'), client.get('db'), client.get('db')]);
    expect(events.filter(([type]) => type === 'fetch')).toHaveLength(1);
  });

  it('reports one event per name of a batch call', async () => {
    const provider = scriptedProvider({ a: 'A' }, { batch: true });
    const client = createSecretsClient({ provider });
    const events = record(client);
    await client.getMany(['a', 'missing']).catch(() => {});
    expect(events.map(([type, event]) => [type, event])).toEqual([
      ['fetch', { name: 'a', durationMs: 0, outcome: 'ok', version: '1' }],
      ['fetch', { name: 'missing', durationMs: 0, outcome: 'error', code: 'NOT_FOUND' }],
    ]);
  });
});

describe('rotate events', () => {
  it('is not emitted on the first load nor when the version is unchanged', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: '1m' } });
    const events = record(client);
    await client.get('db');
    await client.refresh('db');
    await vi.advanceTimersByTimeAsync(60_000);
    await client.get('db');
    expect(provider.count()).toBe(3);
    expect(events.filter(([type]) => type === 'rotate')).toEqual([]);
  });

  it('is emitted once, after the fetch event, when a refresh sees a new version', async () => {
    const provider = scriptedProvider({ db: 'old' });
    const client = createSecretsClient({ provider });
    const events = record(client);
    await client.get('db');
    provider.set('db', 'new', { version: '2' });
    const secret = await client.refresh('db');
    expect(secret.text()).toBe('new');
    expect(events.map(([type]) => type)).toEqual(['fetch', 'fetch', 'rotate']);
    const [, rotation] = events[2] as ['rotate', SecretsEvents['rotate']];
    expect(rotation).toMatchObject({
      name: 'db',
      previousVersion: '1',
      version: '2',
      reason: 'version-changed',
    });
    expect(rotation.secret.text()).toBe('new');
    expect(rotation.secret.version).toBe('2');
  });

  it('is emitted when a read past ttl, or a background refresh, sees a new version', async () => {
    const provider = scriptedProvider({ db: 'v1' });
    const client = createSecretsClient({ provider, cache: { ttl: '10s' } });
    const rotations: Array<SecretsEvents['rotate']> = [];
    client.on('rotate', (event) => rotations.push(event));
    await client.get('db');
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await client.get('db')).toBe('v2');
    provider.set('db', 'v3', { version: '3' });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(await client.get('db')).toBe('v2'); // refresh ahead: served at once
    await vi.advanceTimersByTimeAsync(0);
    expect(rotations.map((event) => [event.previousVersion, event.version])).toEqual([
      ['1', '2'],
      ['2', '3'],
    ]);
  });
});

describe('listeners', () => {
  it('on() returns an unsubscribe that stops only that listener', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    const client = createSecretsClient({ provider });
    const first: string[] = [];
    const second: string[] = [];
    const unsubscribe = client.on('fetch', (event) => first.push(event.name));
    client.on('fetch', (event) => second.push(event.name));
    await client.get('a');
    unsubscribe();
    unsubscribe();
    await client.get('b');
    expect(first).toEqual(['a']);
    expect(second).toEqual(['a', 'b']);
  });

  it('turns a throwing listener into an error event and still answers the read', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const thrown = new Error('listener bug');
    client.on('fetch', () => {
      throw thrown;
    });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    const after: string[] = [];
    client.on('fetch', (event) => after.push(event.name));
    expect(await client.get('db')).toBe('pw');
    expect(after).toEqual(['db']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.operation).toBe('fetch-listener');
    expect(expectSecretsError(errors[0]?.error, 'UNKNOWN').cause).toBe(thrown);
  });

  it('survives a throwing error listener', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    client.on('fetch', () => {
      throw new Error('first');
    });
    client.on('error', () => {
      throw new Error('second');
    });
    expect(await client.get('db')).toBe('pw');
  });
});
