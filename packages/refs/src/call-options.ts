// The per-call options of get/getSecret/resolve ({ signal? }) and the GetOptions a ref implies.
import { type GetOptions, type SecretRef, SecretsError } from '@secretkit/core';

export interface CallOptions {
  /** Stops waiting (ABORTED); the fetch itself may finish and be cached for the next caller. */
  signal?: AbortSignal;
}

/** CONFIG for anything but `{ signal? }`; ABORTED when the signal already aborted. */
export function checkCallOptions(options: unknown, what: string): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SecretsError('CONFIG', `${what} options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'signal')
      throw new SecretsError('CONFIG', `unknown ${what} option "${key}"; expected: signal`);
  }
  const { signal } = options as CallOptions;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new SecretsError('CONFIG', `${what}: signal must be an AbortSignal`);
  }
  if (signal?.aborted) throw new SecretsError('ABORTED', `${what} was aborted before it started`);
  return signal;
}

/** The client GetOptions of `ref` (version and stage, the caller's signal). */
export function getOptionsOf(ref: SecretRef, signal?: AbortSignal): GetOptions | undefined {
  if (ref.version === undefined && ref.stage === undefined && signal === undefined) return undefined;
  return {
    ...(ref.version === undefined ? {} : { version: ref.version }),
    ...(ref.stage === undefined ? {} : { stage: ref.stage }),
    ...(signal === undefined ? {} : { signal }),
  };
}
