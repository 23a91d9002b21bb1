// The two tracing channels (DESIGN §12): `secretkit:read` around a read with its retries and
// `secretkit:provider-call` around each attempt. Core publishes start/end/asyncStart/asyncEnd/error
// itself, as `tracePromise` would, but never sets `result`: that would hand the record to subscribers.
import { type TracingChannel, tracingChannel } from 'node:diagnostics_channel';
import {
  DIAGNOSTICS_CHANNELS,
  type ProviderCallContext,
  type ProviderOperation,
  type ReadContext,
  type ReadTrigger,
} from './diagnostics.js';
import { SecretsError, toSecretsError } from './errors.js';

const readChannel = tracingChannel<unknown, ReadContext>(DIAGNOSTICS_CHANNELS.read);
const providerCallChannel = tracingChannel<unknown, ProviderCallContext>(DIAGNOSTICS_CHANNELS.providerCall);

/** What a read or an attempt is about (the fields of core's call settings): one secret, or a batch. */
export interface CallTarget {
  provider: string;
  /** The SPI method called. */
  method: ProviderOperation;
  secretName?: string;
  /** A batch's names, in order. */
  secretNames?: readonly string[];
}

/**
 * Runs one read (its attempts and retries) as `secretkit:read`; `run` gets the published context
 * to hand to its attempts, or undefined when nobody listens (then nothing is built).
 */
export function traceRead<T>(
  target: CallTarget,
  trigger: ReadTrigger,
  run: (read: ReadContext | undefined) => Promise<T>,
  toError: (caught: unknown) => SecretsError = (caught) =>
    toSecretsError(caught, { provider: target.provider, secretName: target.secretName }),
): Promise<T> {
  if (!readChannel.hasSubscribers) return run(undefined);
  const read: ReadContext = { ...describeTarget(target), trigger, attempts: 0 };
  return publishAround(readChannel, read, () => run(read), toError);
}

/**
 * Runs one provider call attempt as `secretkit:provider-call`. `toError` turns what the attempt
 * threw into the SecretsError core reports for it (only called when someone listens).
 */
export function traceProviderCall<T>(
  target: CallTarget,
  attempt: number,
  read: ReadContext | undefined,
  run: () => Promise<T>,
  toError: (caught: unknown) => SecretsError,
): Promise<T> {
  if (read) read.attempts++;
  if (!providerCallChannel.hasSubscribers) return run();
  const context = { ...describeTarget(target), attempt } as ProviderCallContext;
  if (read) Object.defineProperty(context, 'read', { value: read, enumerable: false });
  return publishAround(providerCallChannel, context, run, toError);
}

/** The context fields of a target, copied (a batch's names too: subscribers may keep them). */
function describeTarget(target: CallTarget) {
  const { provider, method, secretName, secretNames } = target;
  return {
    provider,
    operation: method,
    ...(secretName === undefined ? {} : { name: secretName }),
    ...(secretNames === undefined ? {} : { names: [...secretNames] }),
  };
}

/** The events of `tracePromise`, in its order, with `code` and a cause-less error on failure. */
function publishAround<T, C extends { code?: string; error?: SecretsError }>(
  channels: TracingChannel<unknown, C>,
  context: C,
  run: () => Promise<T>,
  toError: (caught: unknown) => SecretsError,
): Promise<T> {
  return channels.start.runStores(context, () => {
    try {
      let pending: Promise<T>;
      try {
        pending = run();
      } catch (thrown) {
        pending = Promise.reject(thrown);
      }
      return pending.then(
        (result) => {
          channels.asyncStart.publish(context);
          channels.asyncEnd.publish(context);
          return result;
        },
        (caught: unknown) => {
          const error = toError(caught);
          context.code = error.code;
          context.error = withoutCause(error);
          channels.error.publish(context);
          channels.asyncStart.publish(context);
          channels.asyncEnd.publish(context);
          throw caught;
        },
      );
    } finally {
      channels.end.publish(context);
    }
  });
}

/** A copy of `error` with every field but its `cause`, which may quote what a provider answered. */
export function withoutCause(error: SecretsError): SecretsError {
  const { code, message, retryable, provider, secretName, retryAfterMs, statusCode } = error;
  return new SecretsError(code, message, { retryable, provider, secretName, retryAfterMs, statusCode });
}
