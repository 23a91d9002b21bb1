// The one error type every caller sees, its code taxonomy, and how foreign errors are wrapped.

/** Why a secrets operation failed. Stable: users and adapters branch on these. */
export type SecretsErrorCode =
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'UNAUTHENTICATED'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INVALID_REQUEST'
  | 'DISABLED'
  | 'CONFLICT'
  | 'INTEGRITY'
  | 'DECRYPTION_FAILED'
  | 'WRONG_TYPE'
  | 'PARSE'
  | 'UNSUPPORTED'
  | 'LEASE_EXPIRED'
  | 'CLOSED'
  | 'ABORTED'
  | 'CONFIG'
  | 'UNKNOWN';

/** Every code, for table-driven tests and exhaustive checks. */
export const SECRETS_ERROR_CODES: readonly SecretsErrorCode[] = [
  'NOT_FOUND',
  'ACCESS_DENIED',
  'UNAUTHENTICATED',
  'THROTTLED',
  'UNAVAILABLE',
  'TIMEOUT',
  'INVALID_REQUEST',
  'DISABLED',
  'CONFLICT',
  'INTEGRITY',
  'DECRYPTION_FAILED',
  'WRONG_TYPE',
  'PARSE',
  'UNSUPPORTED',
  'LEASE_EXPIRED',
  'CLOSED',
  'ABORTED',
  'CONFIG',
  'UNKNOWN',
];

const RETRYABLE_BY_DEFAULT: ReadonlySet<SecretsErrorCode> = new Set(['THROTTLED', 'UNAVAILABLE', 'TIMEOUT']);

/** True for the codes that are transient unless an adapter says otherwise. */
export function isRetryableByDefault(code: SecretsErrorCode): boolean {
  return RETRYABLE_BY_DEFAULT.has(code);
}

export interface SecretsErrorOptions {
  provider?: string;
  secretName?: string;
  /** @default true for THROTTLED, UNAVAILABLE and TIMEOUT; false for every other code */
  retryable?: boolean;
  /** How long the provider asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** The HTTP status (or gRPC status number) behind the error, when there was one. */
  statusCode?: number;
  /** The underlying error. Adapters pass a cleaned copy, never an object holding credentials. */
  cause?: unknown;
}

/**
 * The error every secretkit operation rejects with. Its message and `cause` never contain a
 * secret value.
 */
export class SecretsError extends Error {
  readonly code: SecretsErrorCode;
  readonly retryable: boolean;
  readonly provider?: string;
  readonly secretName?: string;
  readonly retryAfterMs?: number;
  readonly statusCode?: number;

  constructor(code: SecretsErrorCode, message: string, options: SecretsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SecretsError';
    this.code = code;
    this.retryable = options.retryable ?? isRetryableByDefault(code);
    if (options.provider !== undefined) this.provider = options.provider;
    if (options.secretName !== undefined) this.secretName = options.secretName;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
  }
}

/** True when `error` is a SecretsError (also across duplicated copies of this package). */
export function isSecretsError(error: unknown): error is SecretsError {
  return (
    error instanceof SecretsError ||
    (error instanceof Error &&
      error.name === 'SecretsError' &&
      typeof (error as { code?: unknown }).code === 'string' &&
      typeof (error as { retryable?: unknown }).retryable === 'boolean')
  );
}

/**
 * Returns `error` when it already is a SecretsError, else wraps it as UNKNOWN with the original
 * as `cause` (DESIGN §2: anything else a provider throws is wrapped by core).
 */
export function toSecretsError(
  error: unknown,
  context: { provider?: string; secretName?: string } = {},
): SecretsError {
  if (isSecretsError(error)) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new SecretsError('UNKNOWN', `provider failed with an unexpected ${kind}`, {
    ...context,
    cause: error,
  });
}
