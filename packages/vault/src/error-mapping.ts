// Vault failures → SecretsError codes (DESIGN §3, §5; issue table): by HTTP status, with the 403
// and 404 bodies read to tell a bad token from a denied path and a KV v1/v2 mismatch from a miss.
import { isSecretsError, SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { cleanCause, statusOf, vaultErrors, vaultWarnings } from './clean-cause.js';

export const PROVIDER_NAME = 'hashicorp-vault';

/** Status → code; 403 and 404 are refined below. */
const BY_STATUS: Readonly<Record<number, SecretsErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_REQUEST',
  408: 'TIMEOUT',
  412: 'UNAVAILABLE', // Enterprise eventual consistency: retry
  429: 'THROTTLED',
  500: 'UNAVAILABLE',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE', // sealed, standby, overloaded
  504: 'TIMEOUT',
};

/** 403 errors[] that mean the token, not the policy, is the problem (Vault: "permission denied" + "invalid token"). */
const BAD_TOKEN = /invalid token|missing client token|token (?:is )?expired|bad token|token not found/i;
/** The warning Vault gives when a KV v2 mount is read through a v1-style path. */
const KV_MISMATCH = /invalid path for a versioned k\/v secrets engine/i;

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/** Whether a 403 says the token is missing, invalid or expired. */
export function isBadTokenError(error: unknown): boolean {
  const status = statusOf(error);
  return status === 401 || (status === 403 && vaultErrors(error).some((e) => BAD_TOKEN.test(e)));
}

/**
 * The SecretsError for any failure of a Vault call. `secrets` (token, secret id, JWT) are scrubbed
 * from the cleaned cause's text as a second guard: the cause is a fresh copy in any case.
 */
export function toSecretsError(
  error: unknown,
  name: string | undefined,
  secrets: readonly string[] = [],
): SecretsError {
  if (isSecretsError(error)) return error;
  const named = name === undefined ? {} : { secretName: name };
  const cause = cleanCause(error, secrets);
  const status = statusOf(error);
  const errors = cause.errors ?? [];
  const detail = errors.length > 0 ? `: ${errors.join('; ')}` : '';
  if (status !== undefined) {
    let code: SecretsErrorCode = BY_STATUS[status] ?? (status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN');
    if (isBadTokenError(error)) code = 'UNAUTHENTICATED';
    if (status === 404 && vaultWarnings(error).some((w) => KV_MISMATCH.test(w))) {
      return new SecretsError(
        'CONFIG',
        `"${name ?? ''}" is on a KV v2 mount but was read as KV v1 (declare the mount as 2 in the \`kv\` option)`,
        { provider: PROVIDER_NAME, ...named, statusCode: status, cause },
      );
    }
    return new SecretsError(code, `Vault answered ${status}${detail}`, {
      provider: PROVIDER_NAME,
      ...named,
      statusCode: status,
      cause,
    });
  }
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const sysCode = typeof source.code === 'string' ? source.code : '';
  const message = typeof source.message === 'string' ? source.message : '';
  if (TIMEOUT_CODES.has(sysCode) || /timeout/i.test(message)) {
    return new SecretsError('TIMEOUT', 'the request to Vault timed out', {
      provider: PROVIDER_NAME,
      ...named,
      cause,
    });
  }
  if (source.isAxiosError === true || /^E[A-Z_]+$/.test(sysCode) || sysCode.startsWith('ERR_')) {
    return new SecretsError('UNAVAILABLE', `Vault could not be reached (${sysCode || 'no response'})`, {
      provider: PROVIDER_NAME,
      ...named,
      cause,
    });
  }
  return new SecretsError('UNKNOWN', 'the Vault call failed', { provider: PROVIDER_NAME, ...named, cause });
}
