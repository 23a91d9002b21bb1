// A cleaned copy of a Google client error for `SecretsError.cause`: name, message, status numbers,
// reason and request id, nothing else. gaxios errors carry the request config with the
// `Authorization: Bearer …` header, and gRPC errors carry call metadata.
import type { GcpErrorInfo } from './error-mapping.js';

export interface CleanGcpError extends Error {
  /** The gRPC status number (GoogleError), when there was one. */
  code?: number | string;
  /** The HTTP status (REST), when there was one. */
  status?: number;
  /** google.rpc.ErrorInfo reason (e.g. SERVICE_DISABLED). */
  reason?: string;
  /** The service's request id, when a header carried one. */
  requestId?: string;
}

const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi;
const TOKEN_FIELD = /(access_token|id_token|refresh_token)["'=:\s]+[A-Za-z0-9._~+/=-]+/gi;

/** A new Error with the safe fields of `error`; token-like text in the message is redacted. */
export function cleanCause(error: unknown, info: GcpErrorInfo): CleanGcpError {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = (typeof source.message === 'string' ? source.message : String(error))
    .replace(BEARER, 'Bearer [redacted]')
    .replace(TOKEN_FIELD, '$1=[redacted]');
  const copy: CleanGcpError = new Error(message);
  copy.name = info.name === 'object' || info.name === 'undefined' ? 'Error' : info.name;
  if (info.grpcCode !== undefined) copy.code = info.grpcCode;
  else if (info.systemCode !== undefined) copy.code = info.systemCode;
  if (info.httpStatus !== undefined) copy.status = info.httpStatus;
  if (typeof source.reason === 'string') copy.reason = source.reason;
  const requestId = requestIdOf(source);
  if (requestId !== undefined) copy.requestId = requestId;
  return copy;
}

function requestIdOf(source: Record<string, unknown>): string | undefined {
  const response = source.response as { headers?: unknown } | undefined;
  const headers = response?.headers;
  if (headers === undefined || headers === null || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  const value =
    typeof get === 'function'
      ? (get as (key: string) => unknown).call(headers, 'x-request-id')
      : (headers as Record<string, unknown>)['x-request-id'];
  return typeof value === 'string' ? value : undefined;
}
