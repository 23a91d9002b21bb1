// Observing secretkit: spans and metrics of a retried read, a cache hit and a stale serve, printed
// by the OpenTelemetry SDK's console exporters. Run: `node observe.ts` (Node 22+).
import { pathToFileURL } from 'node:url';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createSecretsClient } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { instrumentSecretkit } from '@secretkit/opentelemetry';

/** Runs the demo; the spans print as they end, the metrics once, at shutdown. */
export async function observe(): Promise<void> {
  // The OpenTelemetry setup (your service already has one; NodeSDK works the same way).
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })],
  });
  const metricReader = new PeriodicExportingMetricReader({
    exporter: new ConsoleMetricExporter(),
    exportIntervalMillis: 60_000,
  });
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  const instrumentation = instrumentSecretkit({ tracerProvider, meterProvider });

  // An in-memory provider that fails on cue stands in for a cloud secret manager.
  const provider = createMemoryProvider({ secrets: { 'db/password': 'example-password' } });
  const secrets = createSecretsClient({
    provider,
    cache: { ttl: '1s', staleIfError: '1m' },
    retry: { retries: 2, minDelay: '10ms', maxDelay: '50ms' },
  });

  provider.failNext('UNAVAILABLE'); // the first attempt fails: two attempt spans under one read span
  await secrets.get('db/password');
  await secrets.get('db/password'); // a cache hit: no span, secretkit.cache.hits + 1

  await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the ttl
  provider.failFor(60_000, 'UNAVAILABLE'); // an outage: the refresh fails, the last value is served
  const stale = await secrets.getSecret('db/password');
  console.log(`served stale: ${stale.stale}`);

  instrumentation.disable();
  await secrets.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown(); // a last export prints secretkit.cache.*, secretkit.provider.call.duration
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await observe();
