// Metrics from a real client over the memory provider, read back from the SDK's in-memory metric
// exporter with exact counts: call durations, cache hits, misses and stale serves, rotations and
// lease events by status.
import { DataPointType, type Histogram } from '@opentelemetry/sdk-metrics';
import { createSecretsClient, type SecretsClientOptions } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { describe, expect, it, vi } from 'vitest';
import { DURATION_BUCKETS, METRICS } from '../src/index.js';
import { attributeSets, counted, measured, shapeOf } from './telemetry.js';
import { telemetryPerTest } from './telemetry-per-test.js';

const { otel, instrument } = telemetryPerTest();

function setup(options: Partial<SecretsClientOptions> = {}, recordNames?: boolean) {
  const provider = createMemoryProvider({ secrets: { db: 'pw', api: 'key' } });
  const client = createSecretsClient({
    provider,
    cache: { ttl: 10_000, staleIfError: 60_000 },
    retry: { retries: 3, minDelay: 10, maxDelay: 10 },
    random: () => 0.5,
    ...options,
  });
  instrument(recordNames);
  return { provider, client };
}

const DB = { 'secretkit.provider': 'memory', 'secretkit.secret.name': 'db' };

describe('metrics', () => {
  it('names, units and instrument types as DESIGN §12 lists them', async () => {
    const { client, provider } = setup();
    provider.defineDynamic('creds', { ttl: 60_000 });
    await client.get('db');
    await client.get('db');
    await client.get('creds');
    await vi.advanceTimersByTimeAsync(50_000); // a renewal
    provider.set('db', 'pw-2');
    await client.refresh('db'); // a rotation
    const metrics = await otel.collect();
    expect(metrics.map((metric) => metric.descriptor.name).sort()).toEqual(
      [
        METRICS.callDuration,
        METRICS.cacheHits,
        METRICS.cacheMisses,
        METRICS.leaseEvents,
        METRICS.rotations,
      ].sort(),
    );
    expect(shapeOf(metrics, 'secretkit.provider.call.duration')).toEqual({
      unit: 's',
      points: DataPointType.HISTOGRAM,
    });
    expect(shapeOf(metrics, 'secretkit.cache.hits')).toEqual({ unit: '{hit}', points: DataPointType.SUM });
    expect(shapeOf(metrics, 'secretkit.cache.misses')).toEqual({ unit: '{miss}', points: DataPointType.SUM });
    expect(shapeOf(metrics, 'secretkit.rotations')).toEqual({
      unit: '{rotation}',
      points: DataPointType.SUM,
    });
    expect(shapeOf(metrics, 'secretkit.lease.events')).toEqual({
      unit: '{event}',
      points: DataPointType.SUM,
    });
    const sums = metrics.filter((metric) => metric.dataPointType === DataPointType.SUM);
    expect(sums.every((metric) => metric.dataPointType === DataPointType.SUM && metric.isMonotonic)).toBe(
      true,
    );
    const histogram = metrics.find((metric) => metric.descriptor.name === METRICS.callDuration)!;
    expect((histogram.dataPoints[0]!.value as Histogram).buckets.boundaries).toEqual(DURATION_BUCKETS);
  });

  it('hits and misses per secret; one duration per provider call, in seconds', async () => {
    const { provider, client } = setup();
    provider.setLatency(50);
    const first = client.get('db');
    await vi.advanceTimersByTimeAsync(50);
    await first;
    await client.get('db');
    await client.get('db');
    await client.getSecret('db', { field: undefined }); // the full read path: a hit too
    const metrics = await otel.collect();
    expect(counted(metrics, 'secretkit.cache.hits', DB)).toBe(3);
    expect(counted(metrics, 'secretkit.cache.misses', DB)).toBe(1);
    expect(counted(metrics, 'secretkit.cache.stale')).toBe(0);
    expect(attributeSets(metrics, 'secretkit.provider.call.duration')).toEqual([
      { 'secretkit.provider': 'memory', 'secretkit.operation': 'getSecret' },
    ]);
    const point = metrics.find((metric) => metric.descriptor.name === METRICS.callDuration)!.dataPoints[0]!;
    expect(point.value as Histogram).toMatchObject({ count: 1, sum: 0.05, min: 0.05, max: 0.05 });
  });

  it('retries: every attempt measured, the failed ones with error.type', async () => {
    const { provider, client } = setup();
    provider.failNext('UNAVAILABLE', { times: 2 });
    const read = client.get('db');
    await vi.advanceTimersByTimeAsync(100);
    await read;
    const metrics = await otel.collect();
    expect(measured(metrics, 'secretkit.provider.call.duration')).toBe(3);
    expect(measured(metrics, 'secretkit.provider.call.duration', { 'error.type': 'UNAVAILABLE' })).toBe(2);
    expect(attributeSets(metrics, 'secretkit.provider.call.duration')).toEqual(
      expect.arrayContaining([
        { 'secretkit.provider': 'memory', 'secretkit.operation': 'getSecret', 'error.type': 'UNAVAILABLE' },
        { 'secretkit.provider': 'memory', 'secretkit.operation': 'getSecret' },
      ]),
    );
    expect(counted(metrics, 'secretkit.cache.misses')).toBe(1);
  });

  it('stale serving: each stale serve is a miss and a stale; refresh ahead counts as a hit', async () => {
    const { provider, client } = setup({ retry: false });
    await client.getMany(['db', 'api']);
    await vi.advanceTimersByTimeAsync(8_500);
    await client.get('db'); // refresh ahead: a hit (and a read in the background)
    await vi.advanceTimersByTimeAsync(10_000);
    provider.failFor(60_000, 'UNAVAILABLE');
    expect((await client.getSecret('db')).stale).toBe(true); // asks, fails, serves stale
    expect((await client.getSecret('db')).stale).toBe(true); // spaced: stale without asking
    await client.getMany(['db', 'api']); // db: stale at once again; api (past its ttl too): asks, stale
    const metrics = await otel.collect();
    expect(counted(metrics, 'secretkit.cache.hits', DB)).toBe(1);
    expect(counted(metrics, 'secretkit.cache.misses', DB)).toBe(4);
    expect(counted(metrics, 'secretkit.cache.stale', DB)).toBe(3);
    expect(counted(metrics, 'secretkit.cache.misses')).toBe(6);
    expect(counted(metrics, 'secretkit.cache.stale')).toBe(4);
    expect(measured(metrics, 'secretkit.provider.call.duration', { 'error.type': 'UNAVAILABLE' })).toBe(2);
    expect(client.stats()).toMatchObject({ hits: 1, misses: 4, staleHits: 4 });
  });

  it('rotations by reason, and lease events by status with exact counts', async () => {
    const provider = createMemoryProvider({ secrets: { db: 'pw' } });
    // Renewable for 60 s at a time, never past 100 s: two renewals (the second after one failure),
    // then a grant too short to renew, so the one replacement; revoked on close.
    provider.defineDynamic('creds', { ttl: 60_000, maxTtl: 100_000 });
    const client = createSecretsClient({ provider, leases: { revokeOnClose: true }, random: () => 0.5 });
    instrument();
    await client.get('db');
    await client.get('creds');
    provider.set('db', 'pw-2');
    await client.refresh('db');
    await vi.advanceTimersByTimeAsync(45_000); // first renewal (about 72% of 60 s)
    provider.failNext('UNAVAILABLE', { operations: ['renewLease'] });
    await vi.advanceTimersByTimeAsync(55_000); // second renewal fails, its retry succeeds, then the replacement
    await client.close();
    const metrics = await otel.collect();
    const leases = (status: string) => counted(metrics, 'secretkit.lease.events', { status });
    expect({
      renewed: leases('renewed'),
      'renew-failed': leases('renew-failed'),
      replaced: leases('replaced'),
      expired: leases('expired'),
      revoked: leases('revoked'),
    }).toEqual({ renewed: 2, 'renew-failed': 1, replaced: 1, expired: 0, revoked: 1 });
    expect(attributeSets(metrics, 'secretkit.lease.events')).toContainEqual({
      'secretkit.provider': 'memory',
      'secretkit.secret.name': 'creds',
      status: 'renewed',
    });
    expect(counted(metrics, 'secretkit.rotations', { 'secretkit.rotation.reason': 'version-changed' })).toBe(
      1,
    );
    expect(counted(metrics, 'secretkit.rotations', { 'secretkit.rotation.reason': 'lease-replaced' })).toBe(
      1,
    );
    expect(counted(metrics, 'secretkit.rotations', { 'secretkit.secret.name': 'db' })).toBe(1);
    const renewals = provider.calls.filter((call) => call.operation === 'renewLease');
    expect(renewals.map((call) => call.outcome)).toEqual(['ok', 'UNAVAILABLE', 'ok']);
  });

  it('recordNames: false: counters carry the provider only', async () => {
    const { client } = setup({}, false);
    await client.get('db');
    await client.get('db');
    const metrics = await otel.collect();
    expect(attributeSets(metrics, 'secretkit.cache.hits')).toEqual([{ 'secretkit.provider': 'memory' }]);
    expect(attributeSets(metrics, 'secretkit.cache.misses')).toEqual([{ 'secretkit.provider': 'memory' }]);
  });
});
