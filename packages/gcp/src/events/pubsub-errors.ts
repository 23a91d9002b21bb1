// The Pub/Sub change source's errors: gRPC failures of the subscriber stream read by their status
// (the server's details text is dropped), through the adapter kit.
import { type AdapterKit, defineAdapter, type ErrorFacts } from '@secretkit/core/adapter';

export const PUBSUB_SOURCE_NAME = 'gcp-pubsub';

/** gRPC status numbers → names (the kit's service codes). */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

const BY_STATUS_NAME = {
  CANCELLED: 'UNAVAILABLE',
  UNKNOWN: 'UNKNOWN',
  INVALID_ARGUMENT: 'INVALID_REQUEST',
  DEADLINE_EXCEEDED: 'TIMEOUT',
  NOT_FOUND: 'NOT_FOUND',
  PERMISSION_DENIED: 'ACCESS_DENIED',
  RESOURCE_EXHAUSTED: 'THROTTLED',
  FAILED_PRECONDITION: 'INVALID_REQUEST',
  ABORTED: 'UNAVAILABLE',
  INTERNAL: 'UNAVAILABLE',
  UNAVAILABLE: 'UNAVAILABLE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
} as const;

function describePubSubError(error: unknown): ErrorFacts {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const name =
    typeof source.name === 'string' && /^[A-Za-z]\w{0,63}$/.test(source.name) ? source.name : 'Error';
  const code = typeof source.code === 'number' ? source.code : undefined;
  const serviceCode = code === undefined ? undefined : STATUS_NAMES[code];
  return {
    name,
    ...(serviceCode === undefined ? {} : { serviceCode }),
    ...(code === undefined && typeof source.code === 'string' ? { systemCode: source.code } : {}),
  };
}

export const pubsubKit: AdapterKit = defineAdapter({
  provider: PUBSUB_SOURCE_NAME,
  label: 'Google Pub/Sub',
  factory: 'pubsubChangeSource',
  describe: describePubSubError,
  byServiceCode: BY_STATUS_NAME,
});
