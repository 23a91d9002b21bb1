// withSecret's decisions: which errors mean "the credential was rejected" by default, and how
// often one name may be force-refreshed, so a broken credential cannot become a call storm.
import type { Secret } from './secret.js';

/** At most one forced refresh per name in this window. */
export const FORCED_REFRESH_MIN_INTERVAL_MS = 10_000;

const AUTH_ERROR_CODES = new Set<unknown>([
  '28P01', // PostgreSQL invalid_password
  '28000', // PostgreSQL invalid_authorization_specification
  'ER_ACCESS_DENIED_ERROR', // MySQL / MariaDB (errno 1045)
  'ER_DBACCESS_DENIED_ERROR',
  'ELOGIN', // SQL Server (tedious)
  'WRONGPASS', // Redis 6+
  'NOAUTH',
  18, // MongoDB AuthenticationFailed
  'AuthenticationFailed',
  'EAUTH', // nodemailer SMTP
  'invalid_client', // OAuth token endpoints
]);

/**
 * The default `retryOn` of withSecret: true when `error` looks like a server rejecting a
 * credential — an HTTP 401, or a well-known auth error code of PostgreSQL, MySQL, SQL Server,
 * Redis, MongoDB, SMTP or OAuth clients. Pass your own `retryOn` for anything else.
 */
export function isCredentialRejection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as {
    code?: unknown;
    errno?: unknown;
    status?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  if (fields.status === 401 || fields.statusCode === 401) return true;
  if (AUTH_ERROR_CODES.has(fields.code) || fields.errno === 1045) return true;
  return typeof fields.message === 'string' && /^(WRONGPASS|NOAUTH)\b/.test(fields.message);
}

/** Remembers when each name was last force-refreshed. */
export class ForcedRefreshLimiter {
  readonly #last = new Map<string, number>();

  /** True (and recorded) when `name` may be force-refreshed at `now`. */
  tryAcquire(name: string, now: number): boolean {
    const last = this.#last.get(name);
    if (last !== undefined && now - last < FORCED_REFRESH_MIN_INTERVAL_MS) return false;
    this.#last.set(name, now);
    if (this.#last.size > 10_000) this.#prune(now);
    return true;
  }

  #prune(now: number): void {
    for (const [name, at] of this.#last) {
      if (now - at >= FORCED_REFRESH_MIN_INTERVAL_MS) this.#last.delete(name);
    }
  }
}

/** withSecret retries only when the credential really changed: version, else lease, else value. */
export function credentialChanged(before: Secret, after: Secret): boolean {
  if (before.version !== undefined || after.version !== undefined) return before.version !== after.version;
  if (before.lease || after.lease) return before.lease?.id !== after.lease?.id;
  return before.text() !== after.text();
}
