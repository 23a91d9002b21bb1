// Per-call timeout (TIMEOUT, retryable) and the caller's AbortSignal (ABORTED for that caller only).
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretProvider, type SecretsError } from '../src/index.js';
import { expectRejection, expectSecretsError, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('timeout', () => {
  it('rejects a call that does not answer within timeout with a retryable TIMEOUT', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.hang();
    const client = createSecretsClient({ provider, timeout: '1s', retry: false });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(999);
    expect(read.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = expectSecretsError(read.error, 'TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(provider.count()).toBe(1);
  });

  it('uses a 10s default and gives each retry attempt its own timeout', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.hang();
    const client = createSecretsClient({ provider, retry: { retries: 1 }, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(provider.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(1); // backoff: 1 ms
    expect(provider.count()).toBe(2);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(read.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expectSecretsError(read.error, 'TIMEOUT');
  });

  it('aborts the provider’s signal when the call times out', async () => {
    let seen: AbortSignal | undefined;
    const provider: SecretProvider = {
      name: 'slow',
      getSecret: (_request, context) => {
        seen = context.signal;
        return new Promise(() => {});
      },
    };
    const client = createSecretsClient({ provider, timeout: 500, retry: false });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen?.aborted).toBe(true);
    expectSecretsError(seen?.reason, 'TIMEOUT');
    expectSecretsError(read.error, 'TIMEOUT');
  });
});

describe('caller AbortSignal', () => {
  it('rejects only the aborting caller; a coalesced caller still gets the value', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const release = provider.hold();
    const controller = new AbortController();
    const aborting = track(client.get('db', { signal: controller.signal }));
    const patient = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expectSecretsError(aborting.error, 'ABORTED');
    expect(patient.settled).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(patient.value).toBe('pw');
    expect(provider.count()).toBe(1);
    expect(await client.get('db')).toBe('pw');
    expect(provider.count()).toBe(1);
  });

  it('stops waiting during a retry backoff', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failAlways('UNAVAILABLE');
    const client = createSecretsClient({ provider, retry: { minDelay: '1s' }, random: () => 0.5 });
    const controller = new AbortController();
    const read = track(client.get('db', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expectSecretsError(read.error, 'ABORTED');
  });

  it.each([
    ['get', 'get'],
    ['getSecret', 'getSecret'],
    ['refresh', 'refresh'],
    ['getMany', 'getMany'],
  ] as const)(
    '%s with an already-aborted signal rejects ABORTED without a provider call',
    async (_w, method) => {
      const provider = scriptedProvider({ db: 'pw' }, { batch: true });
      const client = createSecretsClient({ provider });
      const options = { signal: AbortSignal.abort() };
      const call =
        method === 'getMany' ? client.getMany(['db', 'x'], options) : client[method]('db', options);
      await expectRejection(call, 'ABORTED');
      expect(provider.calls).toEqual([]);
    },
  );

  it('rejects a cached read with an already-aborted signal too', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    await client.get('db');
    await expectRejection(client.get('db', { signal: AbortSignal.abort() }), 'ABORTED');
  });
});

describe('foreign errors from a provider', () => {
  it('wraps a thrown plain Error as UNKNOWN with the original as cause, not retried', async () => {
    const original = new TypeError('cannot read properties of undefined');
    const provider = scriptedProvider({ db: 'pw' });
    provider.failNext(original);
    const client = createSecretsClient({ provider, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = expectSecretsError(read.error, 'UNKNOWN');
    expect(error.cause).toBe(original);
    expect(error.retryable).toBe(false);
    expect(error.provider).toBe('scripted');
    expect(error.secretName).toBe('db');
    expect(provider.count()).toBe(1);
  });

  it('wraps a synchronous throw and a thrown non-Error the same way', async () => {
    for (const thrown of [new Error('sync'), 'a string', 42]) {
      const provider: SecretProvider = {
        name: 'odd',
        getSecret: () => {
          throw thrown;
        },
      };
      const client = createSecretsClient({ provider, retry: false });
      const error: SecretsError = await expectRejection(client.get('db'), 'UNKNOWN');
      expect(error.cause).toBe(thrown);
    }
  });

  it.each([
    ['no record', undefined],
    ['a record without a value', { name: 'db' }],
    ['a numeric value', { name: 'db', value: 42 }],
    ['a numeric version', { name: 'db', value: 'pw', version: 3 }],
  ])('rejects %s as UNKNOWN without caching it', async (_w, answer) => {
    const provider: SecretProvider = {
      name: 'broken',
      getSecret: async () => answer as unknown as { name: string; value: string },
    };
    const client = createSecretsClient({ provider, retry: false });
    await expectRejection(client.get('db'), 'UNKNOWN');
    expect(client.stats().entries).toBe(0);
  });
});
