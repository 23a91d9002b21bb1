// The provider SPI (DESIGN §2): what an adapter implements. I/O and error mapping only —
// caching, retry, coalescing, scheduling, events and redaction live in core.
import type { SecretsError } from './errors.js';

export interface SecretRequest {
  name: string;
  version?: string;
  stage?: string;
}

export interface ProviderContext {
  /** Aborted on timeout, on client close, or when the caller gives up: reject with ABORTED. */
  signal: AbortSignal;
  /**
   * Tells the client about a problem the provider worked around (e.g. a denied cheap probe it
   * replaced with a full read): core emits it as an `error` event with `operation: 'provider'`.
   * Optional, so providers must call it as `context.report?.(error)`.
   */
  report?: (error: SecretsError) => void;
}

/** A lease on a dynamic secret. `ttlMs` counts from when the provider returned it. */
export interface Lease {
  id: string;
  ttlMs: number;
  renewable: boolean;
}

export interface SecretRecord {
  name: string;
  value: string | Uint8Array;
  /** The provider's version id; a change of version is a rotation. */
  version?: string;
  createdAt?: Date;
  /** Provider-side expiry: a record is never served at or after it. */
  expiresAt?: Date;
  /** Dynamic secrets: core renews or replaces it. */
  lease?: Lease;
  metadata?: Record<string, string>;
}

/**
 * A hint that something changed (a provider's `watchChanges`, or a change source). No name: anything
 * may have changed. Never a value: core re-reads what it names.
 */
export interface ChangeHint {
  name?: string;
  /**
   * Other names of the same secret (an AWS ARN and its friendly name, a GCP full path and its id):
   * a cached entry matches when its name equals `name` or any alias.
   */
  aliases?: readonly string[];
  /** Set only when the event made this version current: an entry already at it is not re-read. */
  version?: string;
}

export interface SecretProvider {
  /** A stable identifier: "aws-secrets-manager", "memory", ... */
  readonly name: string;
  getSecret(request: SecretRequest, context: ProviderContext): Promise<SecretRecord>;
  /** The version getSecret would return for the same request; NOT_FOUND when missing. */
  getVersion?(request: SecretRequest, context: ProviderContext): Promise<string | undefined>;
  /** Batch read; results in the same order as `requests`, an error in place of a failed one. */
  getSecrets?(
    requests: SecretRequest[],
    context: ProviderContext,
  ): Promise<Array<SecretRecord | SecretsError>>;
  watchChanges?(listener: (hint: ChangeHint) => void): () => void;
  renewLease?(lease: Lease, context: ProviderContext): Promise<Lease>;
  revokeLease?(lease: Lease, context: ProviderContext): Promise<void>;
  setSecret?(
    name: string,
    value: string | Uint8Array,
    context: ProviderContext,
  ): Promise<{ version?: string }>;
  deleteSecret?(name: string, context: ProviderContext): Promise<void>;
  listSecrets?(context: ProviderContext): AsyncIterable<{ name: string }>;
  close?(): Promise<void>;
}

/**
 * A provider that implements the optional SPI methods `K`: how an adapter declares what it offers
 * without restating the SPI's signatures.
 */
export type ProviderWith<K extends keyof SecretProvider> = SecretProvider & Required<Pick<SecretProvider, K>>;
