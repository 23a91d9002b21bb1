// No value, token or provider text in any exported span or metric: canaries from the leak fuzz
// harness in values, dynamic credentials, injected fault messages and error causes, every path
// driven, and everything the SDK exported searched.
import { createCanaries, expectNoLeaks, findLeaks } from '@secretkit/conformance';
import { createSecretsClient, type SecretProvider, SecretsError } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { describe, expect, it, vi } from 'vitest';
import { telemetryPerTest } from './telemetry-per-test.js';

const canaries = createCanaries(4242);

const { otel, instrument } = telemetryPerTest();

/** What left the process: every span's visible parts, and every metric point. */
async function exported() {
  const spans = otel.spans().map((span) => ({
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
    status: span.status,
    events: span.events,
    links: span.links,
  }));
  const metrics = (await otel.collect()).map((metric) => ({
    descriptor: metric.descriptor,
    points: metric.dataPoints.map((point) => point.attributes),
  }));
  return { spans, metrics };
}

/** A memory provider whose failures carry every canary: in fault messages, causes, thrown errors. */
function hostileProvider() {
  const memory = createMemoryProvider({ secrets: { db: canaries.value, api: canaries.password } });
  memory.defineDynamic('creds', {
    ttl: 20_000,
    maxTtl: 45_000,
    generate: (serial) => ({ username: `app-${serial}`, password: canaries.jwt }),
  });
  let failures = 0;
  const provider: SecretProvider = {
    name: memory.name,
    getSecret: (request, context) => memory.getSecret(request, context),
    getVersion: (request, context) => memory.getVersion(request, context),
    getSecrets: async (requests, context) => {
      failures++;
      if (failures === 1) {
        const cause = Object.assign(new Error(`echo ${canaries.value}`), {
          headers: { authorization: canaries.bearer },
        });
        throw new SecretsError('UNAVAILABLE', 'batch failed', { provider: 'memory', cause, statusCode: 503 });
      }
      return memory.getSecrets(requests, context);
    },
    renewLease: async (lease, context) => {
      if (failures++ % 2 === 0) throw new Error(`renew rejected for token ${canaries.token}`);
      return memory.renewLease(lease, context);
    },
    revokeLease: (lease, context) => memory.revokeLease(lease, context),
  };
  return { memory, provider };
}

describe('exported telemetry carries no canary', () => {
  it('the search finds a canary in telemetry shaped like ours (the check can fail)', async () => {
    otel.tracerProvider
      .getTracer('probe')
      .startSpan('probe', { attributes: { leaked: canaries.key } })
      .end();
    expect(findLeaks(await exported(), canaries).map((finding) => finding.kind)).toContain('key');
  });

  it('through reads, hits, retries, stale serves, batches, rotations, leases and failures', async () => {
    const { memory, provider } = hostileProvider();
    const client = createSecretsClient({
      provider,
      cache: { ttl: 10_000, staleIfError: 120_000 },
      retry: { retries: 2, minDelay: 5, maxDelay: 5 },
      leases: { revokeOnClose: true },
      random: () => 0.5,
    });
    const instrumentation = instrument();
    const settle = async <T>(read: Promise<T>) => {
      const outcome = read.catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      return outcome;
    };
    await settle(client.getMany(['db', 'api'])); // the batch fails once, then the retry answers
    await client.get('db');
    await client.get('creds');
    memory.failNext('UNAVAILABLE', { message: `upstream said ${canaries.token}`, times: 2 });
    await settle(client.refresh('db'));
    memory.set('db', canaries.key); // a rotation
    await settle(client.refresh('db'));
    await vi.advanceTimersByTimeAsync(11_000);
    memory.failNext('THROTTLED', { message: canaries.bearer, retryAfterMs: 10, times: 3 });
    expect(((await settle(client.getSecret('db'))) as { stale: boolean }).stale).toBe(true);
    memory.failNext('ACCESS_DENIED', { message: `denied: ${canaries.password}` });
    await vi.advanceTimersByTimeAsync(30_000);
    await settle(client.refresh('api'));
    await vi.advanceTimersByTimeAsync(60_000); // renewals (failing every other time), replacements
    await client.close();
    instrumentation.disable();
    const telemetryOut = await exported();
    expect(telemetryOut.spans.length).toBeGreaterThan(15);
    expect(telemetryOut.spans.some((span) => span.status.code === 2)).toBe(true);
    const metricNames = telemetryOut.metrics.map((metric) => metric.descriptor.name);
    expect(metricNames).toEqual(
      expect.arrayContaining(['secretkit.cache.stale', 'secretkit.rotations', 'secretkit.lease.events']),
    );
    expectNoLeaks(findLeaks(telemetryOut, canaries), 'exported spans and metrics');
  });
});
