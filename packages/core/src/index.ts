// Public surface of @secretkit/core: exports only.

/** For adapters: settle with ABORTED as soon as a signal aborts (DESIGN §2: providers honour the signal). */
export { raceAbort } from './abort.js';
export type { ChangeSource, ChangeSourceContext } from './change-sources.js';
export type { SecretsClient, SecretsStats } from './client.js';
export { createSecretsClient } from './client.js';
export type {
  CacheMessage,
  LeaseMessage,
  ProviderCallContext,
  ProviderOperation,
  ReadContext,
  ReadTrigger,
  RotateMessage,
} from './diagnostics.js';
/** The diagnostics_channel names core publishes on (DESIGN §12). */
export { DIAGNOSTICS_CHANNELS } from './diagnostics.js';
export type { Duration, DurationUnit } from './duration.js';
export { parseDuration } from './duration.js';
export type { SecretsErrorCode, SecretsErrorOptions } from './errors.js';
export {
  isRetryableByDefault,
  isSecretsError,
  SECRETS_ERROR_CODES,
  SecretsError,
  toSecretsError,
} from './errors.js';
export type { RotationEvent, SecretsEvents } from './events.js';
export type { LeaseClock, LeaseStep } from './lease-schedule.js';
/** The pure lease schedule core runs (Vault's LifetimeWatcher rules), for adapters that keep their own credentials alive (e.g. a Vault token). */
export {
  afterRenewal,
  afterRenewalError,
  leaseGrace,
  nextStep,
  renewalDelay,
  renewBackoff,
  replacementPoint,
  startLease,
} from './lease-schedule.js';
export { isNoResponseCode } from './no-response.js';
export type {
  CacheOptions,
  GetOptions,
  LeaseOptions,
  RetryOptions,
  SecretsClientOptions,
} from './options.js';
export type {
  ChangeHint,
  Lease,
  ProviderContext,
  ProviderWith,
  SecretProvider,
  SecretRecord,
  SecretRequest,
} from './provider.js';
export type { SecretRef, SecretRefScheme } from './refs/index.js';
/** Secret references (DESIGN §8): one string that names a secret in any provider. */
export {
  formatSecretRef,
  isSecretRef,
  parseSecretRef,
  SECRET_REF_ALIASES,
  SECRET_REF_SCHEMES,
} from './refs/index.js';
export type { Secret } from './secret.js';
export { MAX_SECRET_NAME_LENGTH } from './secret-name.js';
export type { WatchOptions } from './watch-hub.js';
/** Checks watch options as `watch()` does (the interval in ms, or CONFIG), for wrappers that check before they have a client. */
export { parseWatchOptions } from './watch-hub.js';
export { FORCED_REFRESH_MIN_INTERVAL_MS, isCredentialRejection } from './with-secret.js';
