// No value, token or cause text on any diagnostics channel (DESIGN §12): canaries from the leak
// fuzz harness planted in values and in what failing providers throw, every channel heard, every
// message searched (its renderings, hidden properties, the `read` link and the error copies).
import { channel } from 'node:diagnostics_channel';
import { createCanaries, expectNoLeaks, findLeaks } from '@secretkit/conformance';
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, SecretsError } from '../src/index.js';
import { hearDiagnosticsInEachTest } from './diagnostics-ears.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

const canaries = createCanaries(1712);

/** A failure that carries every canary in its cause chain, as an SDK error holding a request would. */
function hostileFailure(code: 'UNAVAILABLE' | 'THROTTLED' | 'ACCESS_DENIED'): SecretsError {
  const request = { headers: { authorization: canaries.bearer, 'x-api-key': canaries.key } };
  const cause = Object.assign(new Error(`upstream echoed ${canaries.value}`), {
    request,
    body: JSON.stringify({ password: canaries.password, jwt: canaries.jwt }),
  });
  return new SecretsError(code, `scripted ${code}`, { provider: 'scripted', cause });
}

useFakeTimersPerTest();
const ears = hearDiagnosticsInEachTest();

describe('diagnostics channels carry no canary', () => {
  it('the search finds a canary in a message shaped like ours (the check can fail)', () => {
    const heardOnProbe: unknown[] = [];
    const probe = channel('secretkit-test:probe');
    probe.subscribe((message) => heardOnProbe.push(message));
    const context = { provider: 'scripted', attempt: 1 };
    Object.defineProperty(context, 'read', { value: { result: canaries.value }, enumerable: false });
    probe.publish(context);
    expect(findLeaks(heardOnProbe, canaries).map((finding) => finding.kind)).toContain('value');
  });

  it('through reads, hits, refresh ahead, retries, stale serves, batches, rotations and failures', async () => {
    const provider = scriptedProvider({}, { batch: true, versionProbe: true });
    provider.set('db', canaries.value, { version: '1' });
    provider.set('api', new TextEncoder().encode(canaries.token), { version: '1' });
    const client = createSecretsClient({
      provider,
      cache: { ttl: 10_000, staleIfError: 60_000 },
      retry: { retries: 2, minDelay: 5, maxDelay: 5 },
      random: () => 0.5,
    });
    await client.get('db');
    await client.getBinary('api');
    await client.get('db');
    await vi.advanceTimersByTimeAsync(8_500);
    await client.get('db'); // refresh ahead
    await vi.advanceTimersByTimeAsync(10_000);
    provider.failAlways(hostileFailure('UNAVAILABLE'));
    const stale = client.getMany(['db', 'api']); // retried, then served stale
    await vi.advanceTimersByTimeAsync(100);
    await stale;
    provider.heal();
    provider.failNext(hostileFailure('THROTTLED'), new Error(`socket hang up; ${canaries.bearer}`));
    const retried = client
      .refresh('db')
      .catch((error: unknown) => expect(error).toMatchObject({ code: 'UNKNOWN' }));
    await vi.advanceTimersByTimeAsync(100);
    await retried;
    provider.set('db', canaries.password, { version: '2' }); // a rotation
    client.watch('db', () => {}, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(1_200);
    provider.failAlways(hostileFailure('ACCESS_DENIED'));
    await client.refresh('api').catch(() => {});
    await client.close();
    expect(ears.messages().length).toBeGreaterThan(60);
    expectNoLeaks(findLeaks(ears.messages(), canaries), 'diagnostics messages');
  });

  it('through lease renewals (failed too), the replacement and revocation', async () => {
    const provider = scriptedProvider({}, { leases: true });
    provider.set('creds', canaries.password, { lease: { id: 'lease-1', ttlMs: 30_000, renewable: true } });
    let renewals = 0;
    provider.renewLease = async (lease) => {
      renewals++;
      if (renewals === 1) throw hostileFailure('UNAVAILABLE');
      if (renewals === 2) throw new Error(`lease renew rejected: ${canaries.jwt}`);
      return { ...lease, ttlMs: 1_000 };
    };
    const client = createSecretsClient({
      provider,
      retry: false,
      leases: { revokeOnClose: true },
      random: () => 0.5,
    });
    await client.get('creds');
    provider.set('creds', canaries.key, { lease: { id: 'lease-2', ttlMs: 30_000, renewable: false } });
    await vi.advanceTimersByTimeAsync(60_000);
    await client.close();
    const statuses = ears
      .messages()
      .filter((message) => typeof (message as { status?: unknown }).status === 'string')
      .map((message) => (message as { status: string }).status);
    expect(statuses).toEqual(expect.arrayContaining(['renew-failed', 'replaced', 'revoked']));
    expectNoLeaks(findLeaks(ears.messages(), canaries), 'diagnostics messages');
  });
});
