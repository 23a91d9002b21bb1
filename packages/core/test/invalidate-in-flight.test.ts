// invalidate() and a fetch already in flight (issue 11 defect 8): a read that starts after
// invalidate() never gets the value of a fetch started before it; it starts (or joins) a new one.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretProvider, type SecretRecord, SecretsError } from '../src/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';

useFakeTimersPerTest();

/** Each call answers, when released, the value the secret had when the call started. */
function snapshotProvider(initial: string) {
  let current = initial;
  let version = 1;
  const calls: Array<{ answer: () => void; fail: (error: Error) => void }> = [];
  let answered = 0;
  const requests: string[] = [];
  const provider: SecretProvider = {
    name: 'snapshot',
    getSecret(request) {
      requests.push(request.name);
      const record: SecretRecord = { name: request.name, value: current, version: String(version) };
      return new Promise((resolve, reject) => calls.push({ answer: () => resolve(record), fail: reject }));
    },
  };
  return {
    provider,
    requests,
    rotate(value: string) {
      current = value;
      version++;
    },
    /** Answers the calls in the order they were made. */
    answerNext() {
      calls[answered++]?.answer();
    },
    /** Answers call `index` (0 = the first call made). */
    answer(index: number) {
      calls[index]?.answer();
    },
    fail(index: number, error: Error) {
      calls[index]?.fail(error);
    },
  };
}

/** A client over snapshotProvider('old') with a read of `db` in flight (its call not answered). */
async function readInFlight() {
  const source = snapshotProvider('old');
  const client = createSecretsClient({ provider: source.provider });
  const before = client.get('db');
  await vi.advanceTimersByTimeAsync(0);
  return { source, client, before };
}

/** readInFlight(), then `db` rotates to 'new', invalidate('db'), and a second read starts its call. */
async function readAcrossInvalidate() {
  const { source, client, before } = await readInFlight();
  source.rotate('new');
  client.invalidate('db');
  const after = client.get('db');
  await vi.advanceTimersByTimeAsync(0);
  return { source, client, before, after };
}

describe('invalidate() with a fetch in flight', () => {
  it('makes a later read start its own fetch and get the value after the invalidate', async () => {
    const { source, client, before, after } = await readAcrossInvalidate();
    expect(source.requests).toEqual(['db', 'db']);
    source.answerNext();
    source.answerNext();
    expect(await before).toBe('old'); // the caller from before still gets what it asked for
    expect(await after).toBe('new');
    expect(await client.get('db')).toBe('new'); // and the cache holds the newer value
    expect(client.stats()).toMatchObject({ coalesced: 0, entries: 1 });
  });

  it('lets reads after the invalidate share their new fetch', async () => {
    const { source, client, before } = await readInFlight();
    client.invalidate();
    source.rotate('new');
    const after = [client.get('db'), client.get('db'), client.getSecret('db')];
    await vi.advanceTimersByTimeAsync(0);
    expect(source.requests).toHaveLength(2);
    source.answerNext();
    source.answerNext();
    expect(await before).toBe('old');
    const [a, b, secret] = await Promise.all(after);
    expect([a, b, (secret as { text(): string }).text()]).toEqual(['new', 'new', 'new']);
    expect(client.stats().coalesced).toBe(2);
  });

  it('does not let the older fetch, answering last, overwrite the newer entry', async () => {
    const { source, client, before, after } = await readAcrossInvalidate();
    source.answer(1);
    expect(await after).toBe('new');
    source.answer(0);
    expect(await before).toBe('old');
    expect(await client.get('db')).toBe('new');
    expect(source.requests).toHaveLength(2);
  });

  it('does not let the older fetch, failing permanently last, evict the newer entry', async () => {
    const { source, client, before, after } = await readAcrossInvalidate();
    const beforeFailure = before.catch((error: unknown) => error);
    source.answer(1);
    expect(await after).toBe('new');
    source.fail(0, new SecretsError('NOT_FOUND', 'gone at the time', { provider: 'snapshot' }));
    expect(await beforeFailure).toMatchObject({ code: 'NOT_FOUND' });
    expect(client.stats().entries).toBe(1);
    expect(await client.get('db')).toBe('new');
    expect(source.requests).toHaveLength(2);
  });

  it('leaves fetches of other names alone', async () => {
    const source = snapshotProvider('v');
    const client = createSecretsClient({ provider: source.provider });
    const other = client.get('other');
    await vi.advanceTimersByTimeAsync(0);
    client.invalidate('db');
    const joined = client.get('other');
    await vi.advanceTimersByTimeAsync(0);
    expect(source.requests).toEqual(['other']);
    source.answerNext();
    expect(await Promise.all([other, joined])).toEqual(['v', 'v']);
    expect(client.stats().coalesced).toBe(1);
  });
});
