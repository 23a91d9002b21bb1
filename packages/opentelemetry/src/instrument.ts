// instrumentSecretkit(): subscribes OpenTelemetry spans and metrics to the diagnostics channels
// core publishes on (DESIGN §12); `disable()` unsubscribes everything it subscribed.
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { CHANNELS, type ProviderCallContext, type ReadContext } from './channels.js';
import { metricSubscribers } from './metrics.js';
import { spanSubscribers } from './spans.js';

/** The instrumentation scope of every span and metric. */
export const SCOPE_NAME = '@secretkit/opentelemetry';

export interface InstrumentSecretkitOptions {
  /**
   * Where the spans go.
   * @default the global tracer provider (`trace.getTracerProvider()`), which follows a later registration
   */
  tracerProvider?: TracerProvider;
  /**
   * Where the metrics go.
   * @default the global meter provider (`metrics.getMeterProvider()`), read now: register the SDK first
   */
  meterProvider?: MeterProvider;
  /**
   * Record secret names (`secretkit.secret.name`, a batch's `secretkit.secret.names`) on spans and
   * counters. Names are not secret, but they may say more than you want in a shared backend.
   * @default true
   */
  recordNames?: boolean;
}

export interface SecretkitInstrumentation {
  /** Unsubscribes every handler; spans of calls still in flight are not ended. Safe to call twice. */
  disable(): void;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['tracerProvider', 'meterProvider', 'recordNames']);

/**
 * Turns what secretkit publishes on `node:diagnostics_channel` into OpenTelemetry spans and metrics,
 * for every client in the process (each copy of `@secretkit/core` publishes on the same channels).
 * @example
 * const instrumentation = instrumentSecretkit({ tracerProvider, meterProvider });
 * // ... later, e.g. at shutdown:
 * instrumentation.disable();
 */
export function instrumentSecretkit(options: InstrumentSecretkitOptions = {}): SecretkitInstrumentation {
  const { tracerProvider, meterProvider, recordNames } = checkOptions(options);
  const tracer = (tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME);
  const meter = (meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE_NAME);
  const spans = spanSubscribers(tracer, recordNames);
  const measures = metricSubscribers(meter, recordNames);
  const read = tracingChannel<unknown, ReadContext>(CHANNELS.read);
  const providerCall = tracingChannel<unknown, ProviderCallContext>(CHANNELS.providerCall);
  const plain: Array<[string, (message: unknown) => void]> = [
    [CHANNELS.cache, measures.cache],
    [CHANNELS.rotate, measures.rotate],
    [CHANNELS.lease, measures.lease],
  ];
  read.subscribe(spans.read);
  providerCall.subscribe(spans.providerCall);
  providerCall.subscribe(measures.providerCall);
  for (const [name, onMessage] of plain) subscribe(name, onMessage);
  let enabled = true;
  return {
    disable() {
      if (!enabled) return;
      enabled = false;
      read.unsubscribe(spans.read);
      providerCall.unsubscribe(spans.providerCall);
      providerCall.unsubscribe(measures.providerCall);
      for (const [name, onMessage] of plain) unsubscribe(name, onMessage);
    },
  };
}

/** The options, checked: a TypeError names what is wrong (this package has no SecretsError). */
function checkOptions(
  options: InstrumentSecretkitOptions,
): Required<Pick<InstrumentSecretkitOptions, 'recordNames'>> & InstrumentSecretkitOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('instrumentSecretkit: options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new TypeError(
        `instrumentSecretkit: unknown option "${key}"; expected tracerProvider, meterProvider or recordNames`,
      );
    }
  }
  const { tracerProvider, meterProvider, recordNames = true } = options;
  if (tracerProvider !== undefined && typeof tracerProvider?.getTracer !== 'function') {
    throw new TypeError('instrumentSecretkit: tracerProvider must have getTracer()');
  }
  if (meterProvider !== undefined && typeof meterProvider?.getMeter !== 'function') {
    throw new TypeError('instrumentSecretkit: meterProvider must have getMeter()');
  }
  if (typeof recordNames !== 'boolean') {
    throw new TypeError('instrumentSecretkit: recordNames must be a boolean');
  }
  return { tracerProvider, meterProvider, recordNames };
}
