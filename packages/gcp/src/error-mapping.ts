// Secret Manager failures → SecretsError codes, for both transports: gax's GoogleError carries the
// numeric gRPC status (gRPC and REST), a GaxiosError an HTTP status (DESIGN §3, §5; reference
// azure-gcp.md §2).
import { isNoResponseCode, isSecretsError, SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { cleanCause } from './clean-cause.js';
import { GRPC_STATUS, grpcStatusName, isGrpcStatusName } from './grpc-status.js';

export const PROVIDER_NAME = 'gcp-secret-manager';

/** gRPC status number → code. PERMISSION_DENIED stays ACCESS_DENIED though it may hide a missing secret. */
export const BY_GRPC_CODE: Readonly<Record<number, SecretsErrorCode>> = {
  1: 'UNAVAILABLE', // CANCELLED (not by our signal: that is ABORTED before this table)
  2: 'UNAVAILABLE', // UNKNOWN: the service's own config retries it with UNAVAILABLE
  3: 'INVALID_REQUEST', // INVALID_ARGUMENT
  4: 'TIMEOUT', // DEADLINE_EXCEEDED
  5: 'NOT_FOUND',
  6: 'CONFLICT', // ALREADY_EXISTS
  7: 'ACCESS_DENIED', // PERMISSION_DENIED
  8: 'THROTTLED', // RESOURCE_EXHAUSTED
  9: 'DISABLED', // FAILED_PRECONDITION: a disabled or destroyed version
  10: 'UNAVAILABLE', // ABORTED
  11: 'INVALID_REQUEST', // OUT_OF_RANGE
  12: 'UNSUPPORTED', // UNIMPLEMENTED
  13: 'UNAVAILABLE', // INTERNAL
  14: 'UNAVAILABLE',
  15: 'INTEGRITY', // DATA_LOSS
  16: 'UNAUTHENTICATED',
};

/** HTTP status → code, for a GaxiosError without a google.rpc status. */
export const BY_HTTP_STATUS: Readonly<Record<number, SecretsErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  429: 'THROTTLED',
  499: 'UNAVAILABLE',
  504: 'TIMEOUT',
};

const NO_RESPONSE_MESSAGE = /fetch failed|failed to fetch|socket hang up|network error|other side closed/i;
/** google-auth-library failures to get a token: the caller is not authenticated. */
const AUTH_FAILURE_MESSAGE =
  /could not load the default credentials|could not refresh access token|invalid_grant|unable to detect a project id/i;

export interface GcpErrorInfo {
  name: string;
  message: string;
  grpcCode?: number;
  httpStatus?: number;
  systemCode?: string;
}

/** Maps anything a client call threw to a SecretsError about `name`; an aborted `signal` makes it ABORTED. */
export function toSecretsError(error: unknown, name?: string, signal?: AbortSignal): SecretsError {
  if (isSecretsError(error) && !signal?.aborted) return error;
  if (isSecretsError(error) && error.code === 'ABORTED') return error;
  const info = describeGcpError(error);
  const code: SecretsErrorCode = signal?.aborted || info.name === 'AbortError' ? 'ABORTED' : codeFor(info);
  const subject = name === undefined ? 'the request' : `"${name}"`;
  const what = code === 'ABORTED' ? 'was aborted' : `failed (${detail(info)})`;
  return new SecretsError(code, `Google Secret Manager: ${subject} ${what}`, {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
    ...(info.httpStatus === undefined ? {} : { statusCode: info.httpStatus }),
    cause: cleanCause(error, info),
  });
}

/** The code for one described failure: gRPC status first, then HTTP status, then "no response". */
export function codeFor(info: GcpErrorInfo): SecretsErrorCode {
  if (info.grpcCode !== undefined) {
    const byGrpc = BY_GRPC_CODE[info.grpcCode];
    if (byGrpc !== undefined) return byGrpc;
  }
  if (info.httpStatus !== undefined) {
    const byStatus = BY_HTTP_STATUS[info.httpStatus];
    if (byStatus !== undefined) return byStatus;
    return info.httpStatus >= 500 ? 'UNAVAILABLE' : 'UNKNOWN';
  }
  if (AUTH_FAILURE_MESSAGE.test(info.message)) return 'UNAUTHENTICATED';
  if (info.systemCode === 'ETIMEDOUT') return 'TIMEOUT';
  if (isNoResponseCode(info.systemCode)) return 'UNAVAILABLE';
  if (info.name === 'GaxiosError' || info.name === 'FetchError' || NO_RESPONSE_MESSAGE.test(info.message)) {
    return 'UNAVAILABLE';
  }
  return 'UNKNOWN';
}

/** Reads the status numbers and names from a GoogleError, GaxiosError or Node system error. */
export function describeGcpError(error: unknown): GcpErrorInfo {
  const source = asRecord(error);
  const name = typeof source.name === 'string' ? source.name : typeof error;
  const message = typeof source.message === 'string' ? source.message : '';
  const response = asRecord(source.response);
  const body = asRecord(asRecord(response.data).error);
  const responseStatus = typeof response.status === 'number' ? response.status : undefined;
  const rawCode = source.code;
  let grpcCode: number | undefined;
  let httpStatus: number | undefined =
    responseStatus ?? (typeof source.status === 'number' ? source.status : undefined);
  let systemCode: string | undefined;
  if (name === 'GaxiosError' || responseStatus !== undefined) {
    // gaxios: `code` is the HTTP status or a system code; the body may name the google.rpc status.
    if (typeof body.status === 'string' && isGrpcStatusName(body.status)) grpcCode = GRPC_STATUS[body.status];
    if (httpStatus === undefined && /^\d{3}$/.test(String(rawCode))) httpStatus = Number(rawCode);
    if (typeof rawCode === 'string' && /^[A-Z][A-Z_]+$/.test(rawCode)) systemCode = rawCode;
  } else if (typeof rawCode === 'number' && Number.isInteger(rawCode) && rawCode >= 0 && rawCode <= 16) {
    grpcCode = rawCode; // GoogleError / grpc-js ServiceError
  } else if (typeof rawCode === 'string' && /^[A-Z][A-Z_]+$/.test(rawCode)) {
    systemCode = rawCode;
  }
  const nested = asRecord(source.cause);
  if (systemCode === undefined && typeof nested.code === 'string') systemCode = nested.code;
  return {
    name,
    message,
    ...(grpcCode === undefined ? {} : { grpcCode }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(systemCode === undefined ? {} : { systemCode }),
  };
}

function detail(info: GcpErrorInfo): string {
  const parts: string[] = [];
  if (info.grpcCode !== undefined) {
    parts.push(grpcStatusName(info.grpcCode) ?? `gRPC ${info.grpcCode}`);
  }
  if (info.httpStatus !== undefined) parts.push(`HTTP ${info.httpStatus}`);
  if (info.systemCode !== undefined) parts.push(info.systemCode);
  if (parts.length === 0) parts.push(info.name);
  return parts.join(', ');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
