// Each test of a file on fake timers with a fresh in-memory SDK, shut down after it, and any
// instrumentation started through `instrument` disabled first.
import { afterEach, beforeEach, vi } from 'vitest';
import { instrumentSecretkit, type SecretkitInstrumentation } from '../src/index.js';
import { type Telemetry, telemetry } from './telemetry.js';

export interface TelemetryPerTest {
  /** Stands for the running test's SDK: held at file level, used inside tests and hooks. */
  otel: Telemetry;
  /** instrumentSecretkit() exporting to the running test's SDK, disabled after the test. */
  instrument(recordNames?: boolean): SecretkitInstrumentation;
}

/** Registers the beforeEach/afterEach hooks; call it once at the top of a test file. */
export function telemetryPerTest(): TelemetryPerTest {
  let current: Telemetry | undefined;
  const instrumentations: SecretkitInstrumentation[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    current = telemetry();
  });
  afterEach(async () => {
    for (const instrumentation of instrumentations.splice(0)) instrumentation.disable();
    vi.useRealTimers();
    await current?.shutdown();
    current = undefined;
  });
  const now = (): Telemetry => {
    if (current === undefined) throw new Error('the test telemetry exists only while a test runs');
    return current;
  };
  /** Every read of a property goes to the running test's SDK. */
  const otel = new Proxy({} as Telemetry, { get: (_target, key) => Reflect.get(now(), key) });
  return {
    otel,
    instrument(recordNames) {
      const instrumentation = instrumentSecretkit({
        tracerProvider: otel.tracerProvider,
        meterProvider: otel.meterProvider,
        ...(recordNames === undefined ? {} : { recordNames }),
      });
      instrumentations.push(instrumentation);
      return instrumentation;
    },
  };
}
