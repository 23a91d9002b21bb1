// Azure Key Vault failures → SecretsError codes: by HTTP status, refined by the inner error code
// (which lives only in `details.error.innerError.code`), and the failures without a response
// (DESIGN §3, §5; reference/azure-gcp.md §2).
import { isNoResponseCode, isSecretsError, SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { type AzureErrorInfo, cleanCause, readAzureError } from './clean-cause.js';

export const PROVIDER_NAME = 'azure-key-vault';

/** Errors a TokenCredential throws (@azure/identity): the sign-in failed, not the vault. */
const CREDENTIAL_ERRORS = new Set([
  'AuthenticationError',
  'AggregateAuthenticationError',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
]);

/** HTTP status → code when no inner code decides. Never NOT_FOUND from 401/403. */
const BY_STATUS: Readonly<Record<number, SecretsErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_REQUEST',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  429: 'THROTTLED',
};

/** How to get out of each 409 (the service's message only says the name cannot be reused). */
const CONFLICT_ADVICE: Readonly<Record<string, string>> = {
  ObjectIsDeletedButRecoverable:
    'it is soft-deleted: recover it (`az keyvault secret recover`, SecretClient.beginRecoverDeletedSecret) ' +
    'or purge it (`az keyvault secret purge`) before writing the name again',
  ObjectIsBeingDeleted: 'it is being deleted: retry once the deletion has finished',
};

/** The code for one described failure. */
export function codeFor(info: AzureErrorInfo): SecretsErrorCode {
  if (CREDENTIAL_ERRORS.has(info.name)) return 'UNAUTHENTICATED';
  if (info.name === 'AbortError') return 'ABORTED';
  const status = info.statusCode;
  if (status !== undefined) {
    if (status === 403 && info.innerCode === 'SecretDisabled') return 'DISABLED';
    const byStatus = BY_STATUS[status];
    if (byStatus !== undefined) return byStatus;
    return status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN';
  }
  if (info.code === 'ETIMEDOUT' || info.name === 'TimeoutError') return 'TIMEOUT';
  if (isNoResponseCode(info.code) || info.code === 'REQUEST_SEND_ERROR') return 'UNAVAILABLE';
  if (info.name === 'RestError') return 'UNAVAILABLE'; // a RestError without a status got no response
  return 'UNKNOWN';
}

/**
 * Maps anything the SDK (or the credential, or the lazy import) threw to a SecretsError about
 * `name`. `signal` aborted at that moment makes it ABORTED whatever the SDK said.
 */
export function toSecretsError(error: unknown, name?: string, signal?: AbortSignal): SecretsError {
  if (isSecretsError(error) && !signal?.aborted) return error;
  if (isSecretsError(error) && error.code === 'ABORTED') return error;
  const info = readAzureError(error);
  const subject = name === undefined ? 'the request' : `"${name}"`;
  const code = signal?.aborted ? 'ABORTED' : codeFor(info);
  const advice = info.innerCode === undefined ? undefined : CONFLICT_ADVICE[info.innerCode];
  const options = {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
    ...(info.statusCode === undefined ? {} : { statusCode: info.statusCode }),
    ...(info.retryAfterMs === undefined ? {} : { retryAfterMs: info.retryAfterMs }),
    ...(info.innerCode === 'ObjectIsBeingDeleted' ? { retryable: true } : {}),
    cause: cleanCause(error),
  };
  if (code === 'ABORTED') return new SecretsError('ABORTED', `reading ${subject} was aborted`, options);
  const what = [info.code ?? info.name, info.innerCode].filter(Boolean).join('/');
  const status = info.statusCode === undefined ? '' : ` (HTTP ${info.statusCode})`;
  const message =
    code === 'CONFLICT' && advice !== undefined
      ? `Azure Key Vault ${what} for ${subject}${status}: ${advice}`
      : `Azure Key Vault ${what} for ${subject}${status}`;
  return new SecretsError(code, message, options);
}
