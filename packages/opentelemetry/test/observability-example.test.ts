// examples/observability/observe.ts, run as a test: what the console exporters print is the read
// span with its two attempts (the first ERROR), no span for the hit, and the metrics.
import { inspect } from 'node:util';
import { afterEach, expect, it, vi } from 'vitest';
import { observe } from '../../../examples/observability/observe.ts';

/** What ConsoleSpanExporter prints of a span (the fields read here). */
interface PrintedSpan {
  name: string;
  id: string;
  parentSpanContext?: { spanId: string };
  status: { code: number };
  attributes: Record<string, unknown>;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

it('prints the spans of a retried read and of a stale serve, then the metrics', async () => {
  vi.useFakeTimers();
  const printed: unknown[] = [];
  vi.spyOn(console, 'dir').mockImplementation((item) => {
    printed.push(item);
  });
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line) => {
    lines.push(String(line));
  });
  let done = false;
  const run = observe().then(() => {
    done = true;
  });
  for (let step = 0; step < 100 && !done; step++) await vi.advanceTimersByTimeAsync(50);
  await run;

  const spans = printed.filter(
    (item): item is PrintedSpan => typeof (item as { name?: unknown }).name === 'string',
  );
  expect(spans.map((span) => [span.name, span.attributes['secretkit.attempt'], span.status.code])).toEqual([
    ['secretkit getSecret', 1, 2],
    ['secretkit getSecret', 2, 0],
    ['secretkit read', undefined, 0],
    ['secretkit getSecret', 1, 2], // the outage: the refresh and its two retries fail,
    ['secretkit getSecret', 2, 2],
    ['secretkit getSecret', 3, 2],
    ['secretkit read', undefined, 2], // and the read fails: the caller got the stale value
  ]);
  expect(spans[0]!.parentSpanContext?.spanId).toBe(spans[2]!.id);
  expect(spans[1]!.parentSpanContext?.spanId).toBe(spans[2]!.id);
  expect(lines).toContain('served stale: true');

  const metrics = printed.filter(
    (item): item is { descriptor: { name: string } } =>
      typeof (item as { descriptor?: { name?: unknown } }).descriptor?.name === 'string',
  );
  expect(metrics.map((metric) => metric.descriptor.name).sort()).toEqual([
    'secretkit.cache.hits',
    'secretkit.cache.misses',
    'secretkit.cache.stale',
    'secretkit.provider.call.duration',
  ]);
  expect(inspect(printed, { depth: null })).not.toContain('example-password');
});
