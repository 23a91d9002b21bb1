// instrumentSecretkit() itself: its options, disable(), several at once, and that it works from
// the channel contract alone (messages published by hand, as another copy of core would).
import { hasSubscribers, tracingChannel } from 'node:diagnostics_channel';
import { SpanStatusCode } from '@opentelemetry/api';
import { createSecretsClient, DIAGNOSTICS_CHANNELS } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { describe, expect, it } from 'vitest';
import { CHANNELS, instrumentSecretkit } from '../src/index.js';
import { counted, parentId, spanId, telemetry } from './telemetry.js';
import { telemetryPerTest } from './telemetry-per-test.js';

const { otel } = telemetryPerTest();

const providers = () => ({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });

/** No subscriber on any channel core publishes on. */
function nobodyListens(): boolean {
  const traced = [CHANNELS.read, CHANNELS.providerCall].some((name) => tracingChannel(name).hasSubscribers);
  const plain = [CHANNELS.cache, CHANNELS.rotate, CHANNELS.lease].some((name) => hasSubscribers(name));
  return !traced && !plain;
}

describe('instrumentSecretkit', () => {
  it('listens on exactly the channels core publishes on (declared here, so no drift goes unseen)', () => {
    expect(CHANNELS).toEqual(DIAGNOSTICS_CHANNELS);
  });

  it('disable() unsubscribes everything, and may be called twice', async () => {
    const client = createSecretsClient({ provider: createMemoryProvider({ secrets: { db: 'pw' } }) });
    const instrumentation = instrumentSecretkit(providers());
    expect(nobodyListens()).toBe(false);
    expect([CHANNELS.cache, CHANNELS.rotate, CHANNELS.lease].every((name) => hasSubscribers(name))).toBe(
      true,
    );
    await client.get('db');
    await client.get('db');
    instrumentation.disable();
    instrumentation.disable();
    client.invalidate();
    await client.get('db');
    await client.get('db');
    expect(otel.spans()).toHaveLength(2);
    const metrics = await otel.collect();
    expect(counted(metrics, 'secretkit.cache.misses')).toBe(1);
    expect(counted(metrics, 'secretkit.cache.hits')).toBe(1);
    expect(nobodyListens()).toBe(true);
  });

  it('two instrumentations each record, and each disables only its own', async () => {
    const second = telemetry();
    const client = createSecretsClient({ provider: createMemoryProvider({ secrets: { db: 'pw' } }) });
    const first = instrumentSecretkit(providers());
    const other = instrumentSecretkit({
      tracerProvider: second.tracerProvider,
      meterProvider: second.meterProvider,
    });
    await client.get('db');
    first.disable();
    await client.refresh('db');
    other.disable();
    expect(otel.spans()).toHaveLength(2);
    expect(second.spans()).toHaveLength(4);
    await second.shutdown();
  });

  it('instrumentations that follow one another on one meter provider add up their counts', async () => {
    const client = createSecretsClient({ provider: createMemoryProvider({ secrets: { db: 'pw' } }) });
    const first = instrumentSecretkit(providers());
    await client.get('db');
    await client.get('db');
    first.disable();
    await client.get('db'); // nobody listens: not counted
    const second = instrumentSecretkit(providers());
    await client.get('db');
    second.disable();
    const metrics = await otel.collect();
    expect(counted(metrics, 'secretkit.cache.hits')).toBe(2);
    expect(counted(metrics, 'secretkit.cache.misses')).toBe(1);
  });

  it('refuses unknown options and values of the wrong kind, naming them', () => {
    expect(() => instrumentSecretkit({ tracer: {} } as never)).toThrow(
      'instrumentSecretkit: unknown option "tracer"; expected tracerProvider, meterProvider or recordNames',
    );
    expect(() => instrumentSecretkit({ recordNames: 'no' } as never)).toThrow(
      'recordNames must be a boolean',
    );
    expect(() => instrumentSecretkit({ tracerProvider: {} } as never)).toThrow(
      'tracerProvider must have getTracer()',
    );
    expect(() => instrumentSecretkit({ meterProvider: 1 } as never)).toThrow(
      'meterProvider must have getMeter()',
    );
    expect(() => instrumentSecretkit(null as never)).toThrow(TypeError);
    expect(nobodyListens()).toBe(true);
  });

  it('without providers it uses the global ones (no-op until an SDK registers): nothing breaks', async () => {
    const client = createSecretsClient({ provider: createMemoryProvider({ secrets: { db: 'pw' } }) });
    const instrumentation = instrumentSecretkit();
    expect(await client.get('db')).toBe('pw');
    expect(await client.get('db')).toBe('pw');
    instrumentation.disable();
    expect(otel.spans()).toEqual([]);
  });

  it('works from the channel contract alone: a read and its attempts published by hand', async () => {
    const instrumentation = instrumentSecretkit(providers());
    const read = tracingChannel<unknown, Record<string, unknown>>(CHANNELS.read);
    const call = tracingChannel<unknown, Record<string, unknown>>(CHANNELS.providerCall);
    const readContext = {
      provider: 'vault',
      operation: 'getSecret',
      name: 'kv/app',
      trigger: 'get',
      attempts: 0,
    };
    read.start.publish(readContext);
    for (const attempt of [1, 2]) {
      const context: Record<string, unknown> = {
        provider: 'vault',
        operation: 'getSecret',
        name: 'kv/app',
        attempt,
      };
      Object.defineProperty(context, 'read', { value: readContext, enumerable: false });
      readContext.attempts = attempt;
      call.start.publish(context);
      call.end.publish(context);
      if (attempt === 1) {
        Object.assign(context, { code: 'TIMEOUT', error: { name: 'SecretsError', statusCode: 504 } });
        call.error.publish(context);
      }
      call.asyncStart.publish(context);
      call.asyncEnd.publish(context);
    }
    read.asyncEnd.publish(readContext);
    // An attempt whose read nobody traced, and events of contexts never started: no span, no throw.
    call.start.publish({ provider: 'vault', operation: 'renewLease', name: 'kv/app', attempt: 1 });
    call.asyncEnd.publish({ provider: 'vault', operation: 'getSecret', attempt: 1 });
    read.asyncEnd.publish({ provider: 'vault', operation: 'getSecret', trigger: 'get', attempts: 0 });
    instrumentation.disable();
    const spans = otel.spans();
    expect(spans.map((span) => [span.name, span.attributes['secretkit.attempt'], span.status])).toEqual([
      ['secretkit getSecret', 1, { code: SpanStatusCode.ERROR, message: 'TIMEOUT (status 504)' }],
      ['secretkit getSecret', 2, { code: SpanStatusCode.UNSET }],
      ['secretkit read', undefined, { code: SpanStatusCode.UNSET }],
    ]);
    expect(spans.slice(0, 2).map(parentId)).toEqual([spanId(spans[2]!), spanId(spans[2]!)]);
    expect(spans[2]!.attributes['secretkit.attempts']).toBe(2);
  });
});
