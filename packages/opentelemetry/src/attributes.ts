// Attribute names and the pure functions that turn channel messages into span and metric
// attributes. There is no semantic convention for secret stores, so the names are `secretkit.*`,
// with the general `error.type` for the failure's code.
import type { Attributes } from '@opentelemetry/api';
import type { Failure, ProviderCallContext, ReadContext } from './channels.js';

export const ATTR_PROVIDER = 'secretkit.provider';
export const ATTR_OPERATION = 'secretkit.operation';
export const ATTR_SECRET_NAME = 'secretkit.secret.name';
/** A batch read's names, in order. */
export const ATTR_SECRET_NAMES = 'secretkit.secret.names';
export const ATTR_BATCH_SIZE = 'secretkit.batch.size';
export const ATTR_ATTEMPT = 'secretkit.attempt';
/** On a read span: the provider calls it made. */
export const ATTR_ATTEMPTS = 'secretkit.attempts';
/** On a read span: why core read (get, refresh, refresh-ahead, get-many, watch, hint, lease-replace). */
export const ATTR_TRIGGER = 'secretkit.read.trigger';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_ROTATION_REASON = 'secretkit.rotation.reason';
/** On `secretkit.lease.events`, as DESIGN §12 names it. */
export const ATTR_LEASE_STATUS = 'status';

/** The secret's name (or a batch's names) unless names are not recorded. */
export function nameAttributes(
  message: { name?: string; names?: readonly string[] },
  recordNames: boolean,
): Attributes {
  const attributes: Attributes = {};
  if (message.names !== undefined) attributes[ATTR_BATCH_SIZE] = message.names.length;
  if (!recordNames) return attributes;
  if (message.name !== undefined) attributes[ATTR_SECRET_NAME] = message.name;
  if (message.names !== undefined) attributes[ATTR_SECRET_NAMES] = [...message.names];
  return attributes;
}

/** Attributes of an attempt span when it starts (its operation is in its name, `secretkit getSecret`). */
export function attemptAttributes(call: ProviderCallContext, recordNames: boolean): Attributes {
  return {
    [ATTR_PROVIDER]: call.provider,
    ...nameAttributes(call, recordNames),
    [ATTR_ATTEMPT]: call.attempt,
  };
}

/** Attributes of a read span when it starts. */
export function readAttributes(read: ReadContext, recordNames: boolean): Attributes {
  return {
    [ATTR_PROVIDER]: read.provider,
    [ATTR_OPERATION]: read.operation,
    ...nameAttributes(read, recordNames),
    [ATTR_TRIGGER]: read.trigger,
  };
}

/** Attributes of one `secretkit.provider.call.duration` measurement: low cardinality, no names. */
export function durationAttributes(call: ProviderCallContext): Attributes {
  return {
    [ATTR_PROVIDER]: call.provider,
    [ATTR_OPERATION]: call.operation,
    ...(call.code === undefined ? {} : { [ATTR_ERROR_TYPE]: call.code }),
  };
}

/**
 * The status description of a failed span: its code, and the provider's status number when there
 * was one (`UNAVAILABLE (status 503)`). Not the error's message: spans leave the process, and a
 * description built only from a code and a number cannot quote anything a provider said.
 */
export function failureDescription(failure: Failure): string {
  const status = failure.error?.statusCode;
  const code = failure.code ?? 'UNKNOWN';
  return typeof status === 'number' && Number.isInteger(status) ? `${code} (status ${status})` : code;
}
