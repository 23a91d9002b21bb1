// The diagnostics channels @secretkit/core publishes on (DESIGN §12) and the fields this package
// reads from their messages. Declared here, not imported: the only peer is @opentelemetry/api.

/** Channel names, as core's `DIAGNOSTICS_CHANNELS`. */
export const CHANNELS = {
  providerCall: 'secretkit:provider-call',
  read: 'secretkit:read',
  cache: 'secretkit:cache',
  rotate: 'secretkit:rotate',
  lease: 'secretkit:lease',
} as const;

/** What a failed read or attempt carries: its code and a cause-less SecretsError. */
export interface Failure {
  code?: string;
  error?: { statusCode?: unknown };
}

/** `secretkit:read`: one read from the provider with its retries. */
export interface ReadContext extends Failure {
  provider: string;
  operation: string;
  name?: string;
  names?: readonly string[];
  trigger: string;
  attempts: number;
}

/** `secretkit:provider-call`: one provider call attempt; `read` links to its read (non-enumerable). */
export interface ProviderCallContext extends Failure {
  provider: string;
  operation: string;
  name?: string;
  names?: readonly string[];
  attempt: number;
  read?: ReadContext;
}

export interface CacheMessage {
  type: 'hit' | 'miss' | 'stale' | 'refresh-ahead';
  provider: string;
  name: string;
}

export interface RotateMessage {
  provider: string;
  name: string;
  previousVersion?: string;
  version?: string;
  reason: string;
}

export interface LeaseMessage {
  provider: string;
  name: string;
  leaseId: string;
  status: string;
}
