// A cleaned copy of an AWS SDK error for `SecretsError.cause`: what helps debugging (name, message,
// status, request id, fault) and nothing else. The SDK hangs the signed raw response on a hidden
// `$response`, so the original object must never travel on.

/** The fields we keep; everything else on the SDK error (headers, body, `$response`) is dropped. */
export interface CleanAwsError extends Error {
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: 'client' | 'server';
  /** A Node system error code (ECONNREFUSED, ETIMEDOUT, ...) when there was no response. */
  code?: string;
}

/** A new plain Error carrying only the safe, useful fields of `error`. */
export function cleanCause(error: unknown): CleanAwsError {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = typeof source.message === 'string' ? source.message : String(error);
  const copy: CleanAwsError = new Error(message);
  copy.name = typeof source.name === 'string' ? source.name : 'Error';
  const metadata = source.$metadata as { httpStatusCode?: unknown; requestId?: unknown } | undefined;
  const httpStatusCode = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const requestId = typeof metadata?.requestId === 'string' ? metadata.requestId : undefined;
  if (httpStatusCode !== undefined || requestId !== undefined) {
    copy.$metadata = {
      ...(httpStatusCode === undefined ? {} : { httpStatusCode }),
      ...(requestId === undefined ? {} : { requestId }),
    };
  }
  if (source.$fault === 'client' || source.$fault === 'server') copy.$fault = source.$fault;
  if (typeof source.code === 'string' && /^E[A-Z_]+$/.test(source.code)) copy.code = source.code;
  return copy;
}
