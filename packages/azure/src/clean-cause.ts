// A cleaned copy of an Azure SDK error for `SecretsError.cause`: name, message, status, error codes
// and request id only. RestError keeps the request (bearer header included) and the response as
// hidden properties, so the original object must never travel on.

export interface CleanAzureError extends Error {
  statusCode?: number;
  /** The outer error code (`SecretNotFound`, `Forbidden`) or a system code (`ECONNREFUSED`). */
  code?: string;
  /** The inner error code from `details.error.innerError.code` (`SecretDisabled`, `ForbiddenByRbac`). */
  innerCode?: string;
  /** `x-ms-request-id` of the response, for a support ticket. */
  requestId?: string;
}

/** A new plain Error carrying only the safe, useful fields of `error`. */
export function cleanCause(error: unknown): CleanAzureError {
  const info = readAzureError(error);
  const copy: CleanAzureError = new Error(info.message);
  copy.name = info.name;
  if (info.statusCode !== undefined) copy.statusCode = info.statusCode;
  if (info.code !== undefined) copy.code = info.code;
  if (info.innerCode !== undefined) copy.innerCode = info.innerCode;
  if (info.requestId !== undefined) copy.requestId = info.requestId;
  return copy;
}

export interface AzureErrorInfo {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
  innerCode?: string;
  requestId?: string;
  retryAfterMs?: number;
}

/** The fields of a RestError (or credential error) we map on; reads `response.headers` for Retry-After. */
export function readAzureError(error: unknown): AzureErrorInfo {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const details = source.details as { error?: { innerError?: { code?: unknown } } } | undefined;
  const innerCode = details?.error?.innerError?.code;
  const headers = (source.response as { headers?: { get?: (name: string) => unknown } } | undefined)?.headers;
  const header = (name: string) => {
    const value = typeof headers?.get === 'function' ? headers.get(name) : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const requestId = header('x-ms-request-id');
  const retryAfterMs = parseRetryAfter(header('retry-after'));
  return {
    name: typeof source.name === 'string' ? source.name : typeof error,
    message: typeof source.message === 'string' ? source.message : String(error),
    ...(typeof source.statusCode === 'number' ? { statusCode: source.statusCode } : {}),
    ...(typeof source.code === 'string' ? { code: source.code } : {}),
    ...(typeof innerCode === 'string' ? { innerCode } : {}),
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** Retry-After (seconds or an HTTP date) in milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
