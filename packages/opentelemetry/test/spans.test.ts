// Spans from a real client over the memory provider with injected faults, exported to the SDK's
// in-memory exporter: one read span per read, one CLIENT span per attempt under it, ERROR on every
// failed attempt, names optional.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { createSecretsClient, type SecretsClientOptions } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { describe, expect, it, vi } from 'vitest';
import { READ_SPAN_NAME } from '../src/index.js';
import { parentId, spanId } from './telemetry.js';
import { telemetryPerTest } from './telemetry-per-test.js';

const { otel, instrument } = telemetryPerTest();

function setup(options: Partial<SecretsClientOptions> = {}, recordNames?: boolean) {
  const provider = createMemoryProvider({ secrets: { db: 'pw', api: 'key' } });
  const client = createSecretsClient({
    provider,
    retry: { retries: 3, minDelay: 10, maxDelay: 10 },
    random: () => 0.5,
    ...options,
  });
  instrument(recordNames);
  return { provider, client };
}

describe('spans', () => {
  it('a read: one INTERNAL read span and one CLIENT attempt span under it; hits make none', async () => {
    const { client } = setup();
    await client.get('db');
    await client.get('db');
    await client.getSecret('db', { signal: new AbortController().signal });
    const spans = otel.spans();
    expect(spans.map((span) => span.name)).toEqual(['secretkit getSecret', READ_SPAN_NAME]);
    const [attempt, read] = spans as [(typeof spans)[0], (typeof spans)[0]];
    expect(attempt.kind).toBe(SpanKind.CLIENT);
    expect(attempt.attributes).toEqual({
      'secretkit.provider': 'memory',
      'secretkit.secret.name': 'db',
      'secretkit.attempt': 1,
    });
    expect(attempt.status.code).toBe(SpanStatusCode.UNSET);
    expect(read.name).toBe('secretkit read');
    expect(read.kind).toBe(SpanKind.INTERNAL);
    expect(read.attributes).toEqual({
      'secretkit.provider': 'memory',
      'secretkit.operation': 'getSecret',
      'secretkit.secret.name': 'db',
      'secretkit.read.trigger': 'get',
      'secretkit.attempts': 1,
    });
    expect(parentId(attempt)).toBe(spanId(read));
    expect(parentId(read)).toBeUndefined();
    expect(attempt.spanContext().traceId).toBe(read.spanContext().traceId);
    expect(attempt.instrumentationScope.name).toBe('@secretkit/opentelemetry');
  });

  it('retries: one span per attempt under one read span, ERROR with error.type on each failed one', async () => {
    const { provider, client } = setup();
    provider.failNext('UNAVAILABLE', { times: 2 });
    const read = client.get('db');
    await vi.advanceTimersByTimeAsync(100);
    expect(await read).toBe('pw');
    const spans = otel.spans();
    const attempts = spans.filter((span) => span.name === 'secretkit getSecret');
    const [readSpan] = spans.filter((span) => span.name === READ_SPAN_NAME);
    expect(spans).toHaveLength(4);
    expect(attempts.map((span) => span.attributes['secretkit.attempt'])).toEqual([1, 2, 3]);
    expect(attempts.map((span) => span.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
    expect(attempts.map((span) => span.attributes['error.type'])).toEqual([
      'UNAVAILABLE',
      'UNAVAILABLE',
      undefined,
    ]);
    expect(attempts[0]!.status.message).toBe('UNAVAILABLE'); // the code, never a provider's words
    for (const attempt of attempts) expect(parentId(attempt)).toBe(spanId(readSpan!));
    expect(readSpan!.status.code).toBe(SpanStatusCode.UNSET);
    expect(readSpan!.attributes['secretkit.attempts']).toBe(3);
    expect(readSpan!.attributes['error.type']).toBeUndefined();
    // The read spans the attempts and the backoff between them (5 ms + 5 ms with this random).
    const ms = (time: [number, number]) => time[0] * 1e3 + time[1] / 1e6;
    expect(ms(attempts[2]!.startTime) - ms(attempts[0]!.startTime)).toBe(10);
    expect(ms(readSpan!.endTime)).toBeGreaterThanOrEqual(ms(attempts[2]!.endTime));
    expect(ms(readSpan!.startTime)).toBeLessThanOrEqual(ms(attempts[0]!.startTime));
  });

  it('a permanent failure: one ERROR attempt, and the read span ERROR with the same error.type', async () => {
    const { provider, client } = setup();
    provider.failNext('ACCESS_DENIED');
    await expect(client.get('db')).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    const spans = otel.spans();
    expect(spans.map((span) => [span.name, span.status.code, span.attributes['error.type']])).toEqual([
      ['secretkit getSecret', SpanStatusCode.ERROR, 'ACCESS_DENIED'],
      [READ_SPAN_NAME, SpanStatusCode.ERROR, 'ACCESS_DENIED'],
    ]);
    expect(spans[1]!.attributes['secretkit.attempts']).toBe(1);
  });

  it('retries used up: every attempt and the read ERROR', async () => {
    const { provider, client } = setup({ retry: { retries: 1, minDelay: 10, maxDelay: 10 } });
    provider.failNext('THROTTLED', { times: 2 });
    const read = expect(client.get('db')).rejects.toMatchObject({ code: 'THROTTLED' });
    await vi.advanceTimersByTimeAsync(100);
    await read;
    expect(otel.spans().map((span) => [span.name, span.attributes['error.type']])).toEqual([
      ['secretkit getSecret', 'THROTTLED'],
      ['secretkit getSecret', 'THROTTLED'],
      [READ_SPAN_NAME, 'THROTTLED'],
    ]);
  });

  it('batches, watch polls and refresh ahead: their operation and trigger', async () => {
    const { provider, client } = setup({ cache: { ttl: 10_000 } });
    await client.getMany(['db', 'api']);
    const [batch, batchRead] = otel.spans();
    expect(batch!.name).toBe('secretkit getSecrets');
    expect(batch!.attributes).toMatchObject({
      'secretkit.secret.names': ['db', 'api'],
      'secretkit.batch.size': 2,
    });
    expect(batch!.attributes['secretkit.secret.name']).toBeUndefined();
    expect(batchRead!.attributes['secretkit.read.trigger']).toBe('get-many');
    await vi.advanceTimersByTimeAsync(8_500);
    await client.get('db'); // past 80% of the ttl: a hit, and a refresh in the background
    await vi.advanceTimersByTimeAsync(0);
    client.watch('api', () => {}, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(0);
    provider.set('api', 'key-2');
    await vi.advanceTimersByTimeAsync(1_200);
    const reads = otel.spans().filter((span) => span.name === READ_SPAN_NAME);
    const described = reads.map(({ attributes: a }) => [
      a['secretkit.operation'],
      a['secretkit.read.trigger'],
      a['secretkit.secret.name'] ?? a['secretkit.secret.names'],
    ]);
    expect(described).toEqual([
      ['getSecrets', 'get-many', ['db', 'api']],
      ['getSecret', 'refresh-ahead', 'db'],
      ['getSecret', 'refresh-ahead', 'api'], // watch() reads first: also past 80% of the ttl
      ['getVersion', 'watch', 'api'],
      ['getSecret', 'watch', 'api'],
    ]);
  });

  it('lease renewals and revocations are attempt spans of their own (no read)', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('creds', { ttl: 60_000 });
    const client = createSecretsClient({ provider, leases: { revokeOnClose: true }, random: () => 0.5 });
    instrument();
    await client.get('creds');
    await vi.advanceTimersByTimeAsync(50_000);
    await client.close();
    const spans = otel.spans();
    expect(spans.map((span) => span.name)).toEqual([
      'secretkit getSecret',
      READ_SPAN_NAME,
      'secretkit renewLease',
      'secretkit revokeLease',
    ]);
    expect(parentId(spans[2]!)).toBeUndefined();
    expect(spans[2]!.attributes).toEqual({
      'secretkit.provider': 'memory',
      'secretkit.secret.name': 'creds',
      'secretkit.attempt': 1,
    });
  });

  it('recordNames: false leaves every name out', async () => {
    const { provider, client } = setup({}, false);
    provider.failNext('UNAVAILABLE');
    const read = client.get('db');
    await vi.advanceTimersByTimeAsync(100);
    await read;
    await client.getMany(['db', 'api']);
    const spans = otel.spans();
    expect(spans).toHaveLength(5);
    for (const span of spans) {
      expect(Object.keys(span.attributes).filter((key) => key.includes('name'))).toEqual([]);
      expect(JSON.stringify(span.attributes)).not.toMatch(/"(db|api)"/);
    }
  });

  it("a read span's parent is the caller's active span", async () => {
    const manager = new StackContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { client } = setup();
      const tracer = otel.tracerProvider.getTracer('app');
      const handler = tracer.startSpan('GET /orders');
      await context.with(trace.setSpan(context.active(), handler), () => client.get('db'));
      handler.end();
      const [attempt, read, outer] = otel.spans();
      expect(outer!.name).toBe('GET /orders');
      expect(parentId(read!)).toBe(spanId(outer!));
      expect(parentId(attempt!)).toBe(spanId(read!));
    } finally {
      context.disable();
    }
  });
});
