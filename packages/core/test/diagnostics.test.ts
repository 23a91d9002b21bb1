// Core's diagnostics channels (DESIGN §12), heard as any tool hears them: through
// node:diagnostics_channel. Exact messages and their order for hits, misses, stale serves, refresh
// ahead, retries, failures, batches, watch polls, rotations and every lease event.
import { describe, expect, it, vi } from 'vitest';
import {
  type CacheMessage,
  createSecretsClient,
  DIAGNOSTICS_CHANNELS,
  type Lease,
  type ProviderCallContext,
  type ReadContext,
  SecretsError,
} from '../src/index.js';
import { hearDiagnosticsInEachTest } from './diagnostics-ears.js';
import { expectRejection } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();
const ears = hearDiagnosticsInEachTest();

/** One line per message: `cache hit db`, `call error getSecret db #1 UNAVAILABLE`. */
const lines = () =>
  ears.heard.map(({ channel, event, snapshot: s }) => {
    const target = s.name ?? (s.names as string[] | undefined)?.join('+');
    if (channel === DIAGNOSTICS_CHANNELS.cache) return `cache ${s.type} ${s.name}`;
    if (channel === DIAGNOSTICS_CHANNELS.rotate) return `rotate ${s.name} ${s.previousVersion}→${s.version}`;
    if (channel === DIAGNOSTICS_CHANNELS.lease) return `lease ${s.status} ${s.name} ${s.leaseId}`;
    const code = event === 'error' || event === 'asyncEnd' ? (s.code ?? '') : '';
    const kind = channel === DIAGNOSTICS_CHANNELS.read ? `read ${s.trigger}` : `call #${s.attempt}`;
    return `${kind} ${event} ${s.operation} ${target}${code ? ` ${code}` : ''}`.trimEnd();
  });

const TTL = 60_000;

function setup(options: { retries?: number; staleIfError?: number } = {}) {
  const provider = scriptedProvider({ db: 'pw', api: 'key' }, { batch: true, versionProbe: true });
  const client = createSecretsClient({
    provider,
    cache: { ttl: TTL, staleIfError: options.staleIfError ?? 300_000 },
    retry: options.retries === undefined ? false : { retries: options.retries, minDelay: 10, maxDelay: 10 },
    random: () => 0.5,
  });
  return { provider, client };
}

describe('secretkit:cache', () => {
  it('publishes a miss then hits, from the fast path and from reads with options', async () => {
    const { client } = setup();
    await client.get('db');
    ears.heard.length = 0;
    await client.get('db'); // the fast path
    await client.getSecret('db', { field: undefined as never }); // options: the full read path
    await client.getJson('api', { field: 'x' }).catch(() => {}); // a miss, then PARSE after the read
    expect(lines().filter((line) => line.startsWith('cache'))).toEqual([
      'cache hit db',
      'cache hit db',
      'cache miss api',
    ]);
    const message = ears.heard[0]!.message as unknown as CacheMessage;
    expect(Object.keys(message).sort()).toEqual(['name', 'provider', 'type']);
    expect(message).toEqual({ type: 'hit', provider: 'scripted', name: 'db' });
    expect(client.stats()).toMatchObject({ hits: 2, misses: 2 });
  });

  it('a read past 80% of the ttl publishes hit then refresh-ahead, before the background read starts', async () => {
    const { client } = setup();
    await client.get('db');
    ears.heard.length = 0;
    await vi.advanceTimersByTimeAsync(TTL * 0.85);
    await client.get('db');
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toEqual([
      'cache hit db',
      'cache refresh-ahead db',
      'read refresh-ahead start getSecret db',
      'call #1 start getSecret db',
      'call #1 end getSecret db',
      'read refresh-ahead end getSecret db',
      'call #1 asyncStart getSecret db',
      'call #1 asyncEnd getSecret db',
      'read refresh-ahead asyncStart getSecret db',
      'read refresh-ahead asyncEnd getSecret db',
    ]);
  });

  it('a stale serve publishes miss then stale, with and without a provider call', async () => {
    const { provider, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(TTL);
    provider.failAlways('UNAVAILABLE');
    ears.heard.length = 0;
    expect((await client.getSecret('db')).stale).toBe(true); // asks the provider, then serves stale
    expect((await client.getSecret('db')).stale).toBe(true); // spaced: no call, stale at once
    expect(lines().filter((line) => line.startsWith('cache'))).toEqual([
      'cache miss db',
      'cache stale db',
      'cache miss db',
      'cache stale db',
    ]);
    expect(provider.count()).toBe(2);
    expect(client.stats()).toMatchObject({ misses: 2, staleHits: 2 });
  });

  it('getMany publishes a miss per batched name, a stale per stale serve, and hits for the rest', async () => {
    const { provider, client } = setup();
    provider.set('third', 'x', { version: '1' });
    await client.getMany(['db', 'api']);
    expect(lines().filter((line) => line.startsWith('cache'))).toEqual(['cache miss db', 'cache miss api']);
    await vi.advanceTimersByTimeAsync(TTL);
    await client.get('third');
    provider.failAlways('UNAVAILABLE');
    ears.heard.length = 0;
    await client.getMany(['db', 'api', 'third']);
    expect(lines().filter((line) => line.startsWith('cache'))).toEqual([
      'cache miss db',
      'cache miss api',
      'cache hit third',
      'cache stale db',
      'cache stale api',
    ]);
    const batch = ears.heard.find(
      (h) => h.event === 'start' && h.channel === DIAGNOSTICS_CHANNELS.providerCall,
    );
    expect(batch!.snapshot).toEqual({
      provider: 'scripted',
      operation: 'getSecrets',
      names: ['db', 'api'],
      attempt: 1,
    });
  });

  it('with cache: false every read is a miss; refresh() is no lookup', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: false, retry: false });
    await client.get('db');
    await client.get('db');
    await client.refresh('db');
    expect(lines().filter((line) => line.startsWith('cache'))).toEqual(['cache miss db', 'cache miss db']);
    expect(lines().filter((line) => line.endsWith('start getSecret db') && line.startsWith('read'))).toEqual([
      'read get start getSecret db',
      'read get start getSecret db',
      'read refresh start getSecret db',
    ]);
  });

  it('publishes nothing once unsubscribed', async () => {
    const { client } = setup();
    ears.stop();
    await client.get('db');
    await client.get('db');
    expect(ears.heard).toEqual([]);
  });
});

describe('secretkit:provider-call and secretkit:read', () => {
  it('a read and its one attempt: the tracePromise events, in its order, with no result', async () => {
    const { client } = setup();
    await client.get('db');
    expect(lines()).toEqual([
      'cache miss db',
      'read get start getSecret db',
      'call #1 start getSecret db',
      'call #1 end getSecret db',
      'read get end getSecret db',
      'call #1 asyncStart getSecret db',
      'call #1 asyncEnd getSecret db',
      'read get asyncStart getSecret db',
      'read get asyncEnd getSecret db',
    ]);
    const call = ears.heard.find((h) => h.channel === DIAGNOSTICS_CHANNELS.providerCall)!.message;
    const read = ears.heard.find((h) => h.channel === DIAGNOSTICS_CHANNELS.read)!.message;
    expect(call).toEqual({ provider: 'scripted', operation: 'getSecret', name: 'db', attempt: 1 });
    expect('result' in call).toBe(false);
    expect((call as unknown as ProviderCallContext).read).toBe(read);
    expect(Object.getOwnPropertyDescriptor(call, 'read')?.enumerable).toBe(false);
    expect(read).toEqual({
      provider: 'scripted',
      operation: 'getSecret',
      name: 'db',
      trigger: 'get',
      attempts: 1,
    });
    expect('result' in read).toBe(false);
  });

  it('retries: one context per attempt counting from 1, each failure with its code and a cause-less error', async () => {
    const { provider, client } = setup({ retries: 3 });
    const cause = new Error('upstream said: the body of the answer');
    provider.failNext(
      new SecretsError('UNAVAILABLE', 'scripted unavailable', {
        provider: 'scripted',
        statusCode: 503,
        cause,
      }),
      'THROTTLED',
    );
    const read = client.get('db');
    await vi.advanceTimersByTimeAsync(100);
    expect(await read).toBe('pw');
    expect(lines().filter((line) => !line.startsWith('cache'))).toEqual([
      'read get start getSecret db',
      'call #1 start getSecret db',
      'call #1 end getSecret db',
      'read get end getSecret db',
      'call #1 error getSecret db UNAVAILABLE',
      'call #1 asyncStart getSecret db',
      'call #1 asyncEnd getSecret db UNAVAILABLE',
      'call #2 start getSecret db',
      'call #2 end getSecret db',
      'call #2 error getSecret db THROTTLED',
      'call #2 asyncStart getSecret db',
      'call #2 asyncEnd getSecret db THROTTLED',
      'call #3 start getSecret db',
      'call #3 end getSecret db',
      'call #3 asyncStart getSecret db',
      'call #3 asyncEnd getSecret db',
      'read get asyncStart getSecret db',
      'read get asyncEnd getSecret db',
    ]);
    const failed = ears.heard.find((h) => h.event === 'error')!.message as unknown as ProviderCallContext;
    expect(failed.code).toBe('UNAVAILABLE');
    expect(failed.error).toBeInstanceOf(SecretsError);
    expect(failed.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'scripted unavailable',
      provider: 'scripted',
      statusCode: 503,
      retryable: true,
    });
    expect(failed.error!.cause).toBeUndefined();
    expect('cause' in failed.error!).toBe(false);
    const readContext = ears.heard.find((h) => h.channel === DIAGNOSTICS_CHANNELS.read)!.message;
    expect(readContext).toEqual({
      provider: 'scripted',
      operation: 'getSecret',
      name: 'db',
      trigger: 'get',
      attempts: 3,
    });
  });

  it('a permanent failure is one attempt; the read ends with the same code', async () => {
    const { provider, client } = setup({ retries: 3 });
    provider.remove('db');
    await expectRejection(client.get('db'), 'NOT_FOUND');
    expect(lines().filter((line) => line.includes('error') || line.includes('asyncEnd'))).toEqual([
      'call #1 error getSecret db NOT_FOUND',
      'call #1 asyncEnd getSecret db NOT_FOUND',
      'read get error getSecret db NOT_FOUND',
      'read get asyncEnd getSecret db NOT_FOUND',
    ]);
    const read = ears.heard.find((h) => h.channel === DIAGNOSTICS_CHANNELS.read)!
      .message as unknown as ReadContext;
    expect(read).toMatchObject({ code: 'NOT_FOUND', attempts: 1 });
    expect(read.error).toMatchObject({ code: 'NOT_FOUND', secretName: 'db' });
  });

  it('what a provider throws that is no SecretsError is UNKNOWN, its cause left out', async () => {
    const { provider, client } = setup();
    provider.failNext(new TypeError('fetch failed: token=abc'));
    await expectRejection(client.get('db'), 'UNKNOWN');
    const call = ears.heard.find((h) => h.event === 'error')!.message as unknown as ProviderCallContext;
    expect(call.code).toBe('UNKNOWN');
    expect(call.error!.message).toBe('provider failed with an unexpected TypeError');
    expect(call.error!.cause).toBeUndefined();
  });

  it('an attempt refused while the provider backs off is no call, but the next attempt counts it', async () => {
    const { provider, client } = setup({ retries: 2 });
    provider.failNext(new SecretsError('THROTTLED', 'slow down', { provider: 'scripted', retryAfterMs: 50 }));
    const first = client.get('db');
    await vi.advanceTimersByTimeAsync(0);
    const second = client.get('api'); // the provider backs off for 50 ms: attempt 1 makes no call
    await vi.advanceTimersByTimeAsync(100);
    expect([await first, await second]).toEqual(['pw', 'key']);
    expect(lines().filter((line) => line.startsWith('call') && line.includes(' start '))).toEqual([
      'call #1 start getSecret db',
      'call #2 start getSecret db',
      'call #2 start getSecret api',
    ]);
    const reads = ears.heard.filter((h) => h.channel === DIAGNOSTICS_CHANNELS.read && h.event === 'asyncEnd');
    expect(reads.map((h) => [h.snapshot.name, h.snapshot.attempts])).toEqual([
      ['db', 2],
      ['api', 1],
    ]);
  });

  it('an attempt the provider does not answer in time is TIMEOUT', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, retry: false, timeout: '1s' });
    provider.hang();
    const read = expectRejection(client.get('db'), 'TIMEOUT');
    await vi.advanceTimersByTimeAsync(1_000);
    await read;
    expect(lines().filter((line) => line.includes('error'))).toEqual([
      'call #1 error getSecret db TIMEOUT',
      'read get error getSecret db TIMEOUT',
    ]);
  });

  it('watch polls: getVersion, then getSecret when the version moved; both read for `watch`', async () => {
    const { provider, client } = setup();
    client.watch('db', () => {}, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(0);
    provider.set('db', 'pw2', { version: '2' });
    ears.heard.length = 0;
    await vi.advanceTimersByTimeAsync(1_200);
    expect(lines().filter((line) => line.includes('start') || line.startsWith('rotate'))).toEqual([
      'read watch start getVersion db',
      'call #1 start getVersion db',
      'read watch start getSecret db',
      'call #1 start getSecret db',
      'rotate db 1→2',
    ]);
    const rotate = ears.heard.find((h) => h.channel === DIAGNOSTICS_CHANNELS.rotate)!.message;
    expect(rotate).toEqual({
      provider: 'scripted',
      name: 'db',
      previousVersion: '1',
      version: '2',
      reason: 'version-changed',
    });
  });
});

describe('secretkit:lease', () => {
  function leased() {
    const provider = scriptedProvider({}, { leases: true });
    let serial = 0;
    const renewals: Lease[] = [];
    provider.set('creds', 'user-1', { lease: { id: 'lease-1', ttlMs: 60_000, renewable: true } });
    provider.renewLease = async (lease) => {
      renewals.push(lease);
      serial++;
      if (serial === 2) throw new SecretsError('UNAVAILABLE', 'renew failed', { provider: 'scripted' });
      return { ...lease, ttlMs: serial === 1 ? 60_000 : 1_000 };
    };
    const client = createSecretsClient({
      provider,
      retry: false,
      leases: { revokeOnClose: true },
      random: () => 0.5,
    });
    return { provider, client, renewals };
  }

  it('renewed, renew-failed, replaced and revoked, each with the provider; renewals are attempts of no read', async () => {
    const { provider, client } = leased();
    await client.get('creds');
    ears.heard.length = 0;
    await vi.advanceTimersByTimeAsync(50_000); // past the first renewal point (about 72% of 60 s)
    expect(lines().filter((line) => line.startsWith('lease'))).toEqual(['lease renewed creds lease-1']);
    const renewal = ears.heard.find((h) => h.snapshot.operation === 'renewLease' && h.event === 'start')!;
    expect(renewal.message).toEqual({
      provider: 'scripted',
      operation: 'renewLease',
      name: 'creds',
      attempt: 1,
    });
    expect((renewal.message as unknown as ProviderCallContext).read).toBeUndefined();
    provider.set('creds', 'user-2', { lease: { id: 'lease-2', ttlMs: 60_000, renewable: false } });
    // The second renewal fails, the third answers a 1 s ttl: too short to renew, so the one replacement.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines().filter((line) => line.startsWith('lease') || line.startsWith('read'))).toEqual([
      'lease renewed creds lease-1',
      'lease renew-failed creds lease-1',
      'lease renewed creds lease-1',
      'read lease-replace start getSecret creds',
      'read lease-replace end getSecret creds',
      'read lease-replace asyncStart getSecret creds',
      'read lease-replace asyncEnd getSecret creds',
      'lease replaced creds lease-1',
    ]);
    expect(ears.heard.find((h) => h.snapshot.status === 'replaced')!.message).toEqual({
      provider: 'scripted',
      name: 'creds',
      leaseId: 'lease-1',
      status: 'replaced',
    });
    ears.heard.length = 0;
    await client.close();
    expect(lines()).toEqual([
      'call #1 start revokeLease creds',
      'call #1 end revokeLease creds',
      'call #1 asyncStart revokeLease creds',
      'call #1 asyncEnd revokeLease creds',
      'lease revoked creds lease-2',
    ]);
  });

  it('a lease that ends with no replacement publishes expired', async () => {
    const provider = scriptedProvider({});
    provider.set('creds', 'user-1', { lease: { id: 'lease-1', ttlMs: 10_000, renewable: false } });
    const client = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    await client.get('creds');
    provider.failAlways('UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lines().filter((line) => line.startsWith('lease'))).toEqual(['lease expired creds lease-1']);
    expect(lines().filter((line) => line.startsWith('read lease-replace') && line.includes('End'))).toEqual([
      'read lease-replace asyncEnd getSecret creds UNAVAILABLE',
    ]);
  });
});
