// AWS Secrets Manager failures → SecretsError codes: one table by exception name, one by HTTP
// status, and the failures that never got a response (DESIGN §3, §5).
import { isNoResponseCode, isSecretsError, SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { cleanCause } from './clean-cause.js';

export const PROVIDER_NAME = 'aws-secrets-manager';

/** Exception names (the `__type` on the wire, `error.name` in the SDK) → codes. Checked first. */
const BY_EXCEPTION: Readonly<Record<string, SecretsErrorCode>> = {
  ResourceNotFoundException: 'NOT_FOUND',
  AccessDeniedException: 'ACCESS_DENIED',
  UnrecognizedClientException: 'UNAUTHENTICATED',
  InvalidSignatureException: 'UNAUTHENTICATED',
  ExpiredTokenException: 'UNAUTHENTICATED',
  InvalidClientTokenId: 'UNAUTHENTICATED',
  IncompleteSignature: 'UNAUTHENTICATED',
  MissingAuthenticationToken: 'UNAUTHENTICATED',
  MissingAuthenticationTokenException: 'UNAUTHENTICATED',
  SignatureDoesNotMatch: 'UNAUTHENTICATED',
  RequestExpired: 'UNAUTHENTICATED',
  CredentialsProviderError: 'UNAUTHENTICATED',
  ThrottlingException: 'THROTTLED',
  TooManyRequestsException: 'THROTTLED',
  RequestLimitExceeded: 'THROTTLED',
  InternalServiceError: 'UNAVAILABLE',
  InternalFailure: 'UNAVAILABLE',
  ServiceUnavailable: 'UNAVAILABLE',
  ServiceUnavailableException: 'UNAVAILABLE',
  TimeoutError: 'TIMEOUT',
  RequestTimeout: 'TIMEOUT',
  RequestTimeoutException: 'TIMEOUT',
  DecryptionFailure: 'DECRYPTION_FAILED',
  EncryptionFailure: 'DECRYPTION_FAILED',
  InvalidParameterException: 'INVALID_REQUEST',
  InvalidNextTokenException: 'INVALID_REQUEST',
  ValidationException: 'INVALID_REQUEST',
  MalformedPolicyDocumentException: 'INVALID_REQUEST',
  LimitExceededException: 'INVALID_REQUEST',
  ResourceExistsException: 'CONFLICT',
  PreconditionNotMetException: 'CONFLICT',
  // InvalidRequestException is DISABLED when the secret is marked for deletion: see below.
  InvalidRequestException: 'INVALID_REQUEST',
};

/** HTTP status → code when the exception name is not in the table. Never 404 from 401/403. */
const BY_STATUS: Readonly<Record<number, SecretsErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  429: 'THROTTLED',
};

const NO_RESPONSE_MESSAGE = /socket hang up|network error|other side closed/i;
const MARKED_FOR_DELETION = /marked for deletion|scheduled for deletion|pending deletion/i;

interface AwsErrorInfo {
  name: string;
  message: string;
  status?: number;
  systemCode?: string;
  retryAfterMs?: number;
  fromSdk: boolean;
}

/**
 * Maps anything `client.send` (or the lazy SDK import) threw to a SecretsError about `name`.
 * `signal` aborted at that moment makes it ABORTED whatever the SDK said.
 */
export function toSecretsError(error: unknown, name?: string, signal?: AbortSignal): SecretsError {
  if (isSecretsError(error) && !signal?.aborted) return error;
  const info = describe(error);
  const options = {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
    ...(info.status === undefined ? {} : { statusCode: info.status }),
    ...(info.retryAfterMs === undefined ? {} : { retryAfterMs: info.retryAfterMs }),
    cause: cleanCause(error),
  };
  const subject = name === undefined ? 'the request' : `"${name}"`;
  if (signal?.aborted || info.name === 'AbortError') {
    return new SecretsError('ABORTED', `reading ${subject} was aborted`, options);
  }
  const code = codeFor(info);
  return new SecretsError(
    code,
    `AWS Secrets Manager ${info.name} for ${subject}${statusText(info)}`,
    options,
  );
}

/** The code for one described failure (exported for the per-name errors of BatchGetSecretValue). */
export function codeFor(info: Pick<AwsErrorInfo, 'name' | 'message' | 'status' | 'systemCode' | 'fromSdk'>) {
  if (info.name === 'InvalidRequestException' && MARKED_FOR_DELETION.test(info.message)) return 'DISABLED';
  const byName = BY_EXCEPTION[info.name];
  if (byName !== undefined) return byName;
  if (info.status !== undefined) {
    const byStatus = BY_STATUS[info.status];
    if (byStatus !== undefined) return byStatus;
    if (info.status >= 500) return 'UNAVAILABLE';
    return 'UNKNOWN';
  }
  if (info.systemCode === 'ETIMEDOUT') return 'TIMEOUT';
  if (isNoResponseCode(info.systemCode)) return 'UNAVAILABLE';
  if (info.fromSdk || NO_RESPONSE_MESSAGE.test(info.message)) return 'UNAVAILABLE';
  return 'UNKNOWN';
}

/** A per-name error from BatchGetSecretValue's `Errors` list. */
export function batchItemError(
  errorCode: string | undefined,
  message: string | undefined,
  name: string,
): SecretsError {
  const exception = errorCode ?? 'UnknownError';
  const code = codeFor({ name: exception, message: message ?? '', fromSdk: false });
  const cause = new Error(message ?? exception);
  cause.name = exception;
  return new SecretsError(code, `AWS Secrets Manager ${exception} for "${name}"`, {
    provider: PROVIDER_NAME,
    secretName: name,
    cause,
  });
}

function describe(error: unknown): AwsErrorInfo {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const metadata = source.$metadata as { httpStatusCode?: unknown } | undefined;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const systemCode = typeof source.code === 'string' ? source.code : undefined;
  const retryAfterMs = retryAfter(source.$response);
  return {
    name: typeof source.name === 'string' ? source.name : typeof error,
    message: typeof source.message === 'string' ? source.message : '',
    ...(status === undefined ? {} : { status }),
    ...(systemCode === undefined ? {} : { systemCode }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    fromSdk: metadata !== undefined && typeof metadata === 'object',
  };
}

/** Retry-After (seconds or an HTTP date) from the raw response's headers, in milliseconds. */
function retryAfter(response: unknown): number | undefined {
  const headers = (response as { headers?: Record<string, unknown> } | undefined)?.headers;
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function statusText(info: AwsErrorInfo): string {
  if (info.status !== undefined) return ` (HTTP ${info.status})`;
  if (info.systemCode !== undefined) return ` (${info.systemCode})`;
  return '';
}
