// Rotation decisions taken beyond the contract (docs/architecture.md): rotations() polls only
// while iterated, a failed first load of watch() opens the run of identical errors, and
// withSecret rejects bad options with CONFIG.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsEvents } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { scriptedProvider } from './scripted-provider.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('rotation decisions', () => {
  it('starts polling for rotations() only when iteration starts', async () => {
    const provider = scriptedProvider({ db: 'v1' }, { versionProbe: true });
    const client = createSecretsClient({ provider, random: () => 0.5 });
    const controller = new AbortController();
    const rotations = client.rotations('db', { interval: '1m', signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(provider.calls).toEqual([]); // created, never iterated: nothing runs
    const iterator = rotations[Symbol.asyncIterator]();
    const next = iterator.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(1); // the first load
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await next).value).toMatchObject({ name: 'db', previousVersion: '1', version: '2' });
    controller.abort();
    expect((await iterator.next()).done).toBe(true);
    const calls = provider.calls.length;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(provider.calls.length).toBe(calls);
    await client.close();
  });

  it('counts a failed first load of watch() in the run of identical errors', async () => {
    const provider = scriptedProvider({ db: 'v1' }, { versionProbe: true });
    provider.failAlways('UNAVAILABLE');
    const client = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    client.watch('db', () => {});
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(provider.count('getSecret')).toBeGreaterThan(1);
    expect(errors.map((event) => [event.name, event.operation, event.error.code])).toEqual([
      ['db', 'watch', 'UNAVAILABLE'],
    ]);
    await client.close();
  });

  it('rejects null options of withSecret with CONFIG before any provider call', async () => {
    const provider = scriptedProvider({ db: 'v1' });
    const client = createSecretsClient({ provider });
    await expectRejection(
      client.withSecret('db', async (value) => value, null as unknown as { retryOn?: () => boolean }),
      'CONFIG',
    );
    expect(provider.calls).toEqual([]);
  });
});
