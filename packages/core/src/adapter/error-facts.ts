// What an adapter reads off a failure (ErrorFacts), the HTTP-status and no-response mappings every
// adapter shares (a default table each adapter overrides), and the pure code decision over them.
import type { SecretsErrorCode } from '../errors.js';
import { isNoResponseCode } from '../no-response.js';

/**
 * The facts of one failure, read by the adapter's own `describe(error)` from its SDK's error shape.
 * Only these travel on (in the cleaned cause); the original error object never does.
 */
export interface ErrorFacts {
  /** The error's class or exception name: `ResourceNotFoundException`, `RestError`, `GoogleError`. */
  name: string;
  /** The service's own error code: an AWS exception, Azure `SecretNotFound`, a gRPC status name. */
  serviceCode?: string;
  /** A finer service code (Azure `details.error.innerError.code`: `SecretDisabled`). */
  innerCode?: string;
  /** The HTTP status, when there was an HTTP answer (never a gRPC status number: use `serviceCode`). */
  status?: number;
  /** A Node or undici system code (`ECONNREFUSED`, `UND_ERR_SOCKET`) when there was no response. */
  systemCode?: string;
  /** The service's request id, for a support ticket. */
  requestId?: string;
  /** The raw Retry-After header value, parsed once by the kit. */
  retryAfter?: string | number;
  /**
   * The SDK's own message, which reaches the cause only through `safeMessage` (bodies, quoted
   * parts, `key=value` values and credentials dropped). Leave it out when the SDK copies the
   * server's error text into it: a server can quote a value without quotes.
   */
  message?: string;
  /** True when the SDK says no response arrived (a RestError without a status, a fetch failure). */
  noResponse?: boolean;
  /** True when a 2xx body could not be parsed (HTML from a proxy, truncated JSON): UNAVAILABLE. */
  malformedBody?: boolean;
}

/** HTTP status → code, shared by every adapter; an adapter's `byStatus` overrides entries. */
export const DEFAULT_STATUS_CODES: Readonly<Record<number, SecretsErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_REQUEST',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  429: 'THROTTLED',
  500: 'UNAVAILABLE',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'TIMEOUT',
};

/** Error names and system codes that mean the call ran out of time without an answer. */
const TIMEOUT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout']);
const TIMEOUT_SYSTEM_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** How one adapter maps its facts: tables over the defaults, and an optional rule checked first. */
export interface ErrorTable {
  /** Service code (exception name, Azure code, gRPC status name) → code. Checked before the status. */
  byServiceCode?: Readonly<Record<string, SecretsErrorCode>>;
  /** HTTP status → code, over DEFAULT_STATUS_CODES. */
  byStatus?: Readonly<Record<number, SecretsErrorCode>>;
  /** A rule the tables cannot express (Azure 403 + SecretDisabled → DISABLED); undefined falls through. */
  classify?: (facts: ErrorFacts) => SecretsErrorCode | undefined;
}

/**
 * The code for one failure: the adapter's rule, its service-code table, a malformed 2xx body, the
 * status tables (any other 5xx is UNAVAILABLE), then the no-response rules. Never NOT_FOUND unless a
 * table says so: an auth or network failure is never reported as a missing secret (DESIGN §3).
 */
export function codeForFacts(facts: ErrorFacts, table: ErrorTable = {}): SecretsErrorCode {
  const ruled = table.classify?.(facts);
  if (ruled !== undefined) return ruled;
  if (facts.serviceCode !== undefined) {
    const byService = table.byServiceCode?.[facts.serviceCode];
    if (byService !== undefined) return byService;
  }
  if (facts.malformedBody) return 'UNAVAILABLE';
  if (facts.status !== undefined) {
    const byStatus = table.byStatus?.[facts.status] ?? DEFAULT_STATUS_CODES[facts.status];
    if (byStatus !== undefined) return byStatus;
    return facts.status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN';
  }
  if (TIMEOUT_NAMES.has(facts.name)) return 'TIMEOUT';
  if (facts.systemCode !== undefined && TIMEOUT_SYSTEM_CODES.has(facts.systemCode)) return 'TIMEOUT';
  if (isNoResponseCode(facts.systemCode) || facts.noResponse) return 'UNAVAILABLE';
  return 'UNKNOWN';
}
