// Secret Manager failures → SecretsError: the error reader for both wires (`describeGcpError`: a
// grpc-js status, a gax GoogleError over REST, or a local failure), the table of what differs from
// the kit's defaults, and the per-provider kit every error is built with (DESIGN §3, §5).
import type { SecretsErrorCode } from '@secretkit/core';
import { type AdapterKit, type CleanCause, defineAdapter, type ErrorFacts } from '@secretkit/core/adapter';
import { type GrpcStatusName, grpcStatusName } from './grpc-status.js';
import {
  answeredByServer,
  fieldsOf,
  headerOf,
  requestIdFromDetails,
  retryDelaySeconds,
} from './status-details.js';

export const PROVIDER_NAME = 'gcp-secret-manager';
export const LABEL = 'Google Secret Manager';

/** google.rpc.Code → code. PERMISSION_DENIED stays ACCESS_DENIED though it may hide a missing secret. */
export const BY_GRPC_STATUS: Readonly<Record<GrpcStatusName, SecretsErrorCode>> = {
  OK: 'UNKNOWN', // a failure that says OK is nothing we can act on
  CANCELLED: 'UNAVAILABLE', // not by our signal: that is ABORTED before this table
  UNKNOWN: 'UNAVAILABLE', // the service's own retry config retries it with UNAVAILABLE
  INVALID_ARGUMENT: 'INVALID_REQUEST',
  DEADLINE_EXCEEDED: 'TIMEOUT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'CONFLICT',
  PERMISSION_DENIED: 'ACCESS_DENIED',
  RESOURCE_EXHAUSTED: 'THROTTLED',
  FAILED_PRECONDITION: 'DISABLED', // a disabled or destroyed version (DESIGN §5)
  ABORTED: 'UNAVAILABLE',
  OUT_OF_RANGE: 'INVALID_REQUEST',
  UNIMPLEMENTED: 'UNSUPPORTED',
  INTERNAL: 'UNAVAILABLE',
  UNAVAILABLE: 'UNAVAILABLE',
  DATA_LOSS: 'INTEGRITY',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
};

/**
 * HTTP statuses over the kit's defaults, for REST answers without a google.rpc status (a page from a
 * proxy or load balancer). Secret Manager's own 404 always names NOT_FOUND in its body, so a bare
 * 404 came from something in between: never NOT_FOUND (DESIGN §3). 499 is a client-closed request.
 */
export const BY_STATUS: Readonly<Record<number, SecretsErrorCode>> = {
  404: 'UNAVAILABLE',
  499: 'UNAVAILABLE',
};

/** `innerCode` of a failure to get an access token (no ADC, a refused refresh): UNAUTHENTICATED. */
export const CREDENTIALS_UNAVAILABLE = 'CredentialsUnavailable';

/** google-auth-library's and grpc-js's own words for a token it could not get. */
const AUTH_FAILURE =
  /could not load the default credentials|could not refresh access token|invalid_grant|unable to detect a project id|no access, refresh token|getting metadata from plugin failed/i;
const NO_RESPONSE_TEXT = /fetch failed|failed to fetch|socket hang up|network error|other side closed/i;
/** gax's message for a REST error body it could not decode (HTML, empty, not a google.rpc status). */
const UNDECODABLE_ERROR_BODY = /^Error response from RPC \S+ with status \d+ could not be decoded/;
/** What gax throws when a 2xx body does not decode (JSON.parse, an empty body, a field of the wrong type). */
const DECODE_FAILURE = /^(?:Received null|fromProto3JSON)|malformed response/;
const SYSTEM_CODE = /\b(E[A-Z][A-Z0-9_]{2,}|UND_ERR_[A-Z_]+)\b/;

/** The facts of a Google client failure. */
export type GcpErrorFacts = ErrorFacts;

/**
 * The facts of anything a client call threw. Server text (a status's `details`, an error body's
 * `message`, a body gax could not decode) may quote what was sent or stored, so it is never kept:
 * only the status, the HTTP status, ErrorInfo's reason, the request id and RetryInfo travel on.
 * Messages of failures without a response are the libraries' own and are kept (the kit cleans them).
 */
export function describeGcpError(error: unknown): GcpErrorFacts {
  const source = fieldsOf(error);
  const name = nameOf(error, source);
  const status = typeof source.code === 'number' ? grpcStatusName(source.code) : undefined;
  if (status === undefined) return localFacts(name, source);
  if (typeof source.metadata === 'object' && source.metadata !== null) return grpcFacts(name, status, source);
  return restFacts(name, status, source);
}

/** A grpc-js status: from the server (with its details), or made up locally (no connection, no token). */
function grpcFacts(name: string, status: GrpcStatusName, source: Record<string, unknown>): GcpErrorFacts {
  if (answeredByServer(source.metadata)) {
    return { name, serviceCode: status, ...serverDetails(source) };
  }
  const local = typeof source.details === 'string' ? source.details : '';
  const systemCode = SYSTEM_CODE.exec(local)?.[1];
  return {
    name,
    serviceCode: status,
    ...(AUTH_FAILURE.test(local) ? { innerCode: CREDENTIALS_UNAVAILABLE } : {}),
    ...(systemCode === undefined ? {} : { systemCode }),
    ...(status === 'UNAVAILABLE' ? { noResponse: true } : {}),
  };
}

/** A gax GoogleError of the REST transport. Without an HTTP status, no response was decoded. */
function restFacts(name: string, status: GrpcStatusName, source: Record<string, unknown>): GcpErrorFacts {
  const httpStatus = integerOf(source.httpStatusCode);
  const cause = fieldsOf(source.cause);
  const fromHeaders = headerFacts(cause.response);
  if (httpStatus !== undefined) {
    // An undecodable error body came from something in front of the service: its status decides.
    if (UNDECODABLE_ERROR_BODY.test(String(source.message)))
      return { name, status: httpStatus, ...fromHeaders };
    return { name, serviceCode: status, status: httpStatus, ...fromHeaders, ...serverDetails(source) };
  }
  if (cause.name === 'SyntaxError' || DECODE_FAILURE.test(String(cause.message))) {
    return { name: 'MalformedAnswer', malformedBody: true }; // a 2xx gax could not decode
  }
  const message = typeof cause.message === 'string' ? cause.message : undefined;
  if (message !== undefined && AUTH_FAILURE.test(message)) {
    return { name, innerCode: CREDENTIALS_UNAVAILABLE, message }; // a token the auth client could not get
  }
  const systemCode = systemCodeOf(cause);
  return {
    name,
    serviceCode: status,
    ...(message === undefined ? {} : { message }),
    ...(systemCode === undefined ? {} : { systemCode }),
    ...(status === 'UNAVAILABLE' ? { noResponse: true } : {}),
  };
}

/** Anything without a gRPC status: raised before a call reached the wire (auth, project lookup, Node). */
function localFacts(name: string, source: Record<string, unknown>): GcpErrorFacts {
  const httpStatus = integerOf(fieldsOf(source.response).status);
  if (httpStatus !== undefined) return { name, status: httpStatus }; // a GaxiosError: its message quotes the body
  const message = typeof source.message === 'string' ? source.message : undefined;
  const systemCode = systemCodeOf(source);
  const noResponse = NO_RESPONSE_TEXT.test(message ?? '') || name === 'GaxiosError' || name === 'FetchError';
  return {
    name,
    ...(message === undefined ? {} : { message }),
    ...(systemCode === undefined ? {} : { systemCode }),
    ...(AUTH_FAILURE.test(message ?? '') ? { innerCode: CREDENTIALS_UNAVAILABLE } : {}),
    ...(noResponse ? { noResponse: true } : {}),
  };
}

/** ErrorInfo's reason, RequestInfo's id and RetryInfo's delay, as gax decoded them. */
function serverDetails(source: Record<string, unknown>): Partial<ErrorFacts> {
  const requestId = requestIdFromDetails(source.statusDetails);
  const retryAfter = retryDelaySeconds(source.statusDetails);
  return {
    ...(typeof source.reason === 'string' && source.reason !== '' ? { innerCode: source.reason } : {}),
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
}

/** Retry-After and a request id from the headers gaxios kept (a rejected 401/403 only). */
function headerFacts(response: unknown): Partial<ErrorFacts> {
  const retryAfter = headerOf(response, 'retry-after');
  const requestId = headerOf(response, 'x-request-id');
  return {
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** The per-provider kit, plus the cleaned cause of any failure (for errors built outside `fromError`). */
export interface GcpKit extends AdapterKit {
  causeOf(error: unknown): CleanCause;
}

/**
 * The kit of one provider instance. `credentials()` are its live access tokens and keys: the kit
 * scrubs them and the values of the failing call from every cause, and drops a reason or request id
 * a server built from one of them.
 */
export function createGcpKit(credentials: () => readonly string[]): GcpKit {
  const kit = defineAdapter({
    provider: PROVIDER_NAME,
    label: LABEL,
    factory: 'gcpSecretManager',
    describe: describeGcpError,
    byServiceCode: BY_GRPC_STATUS,
    byStatus: BY_STATUS,
    classify: (facts) => (facts.innerCode === CREDENTIALS_UNAVAILABLE ? 'UNAUTHENTICATED' : undefined),
    credentials,
  });
  return { ...kit, causeOf: (error) => kit.cleanCause(describeGcpError(error)) };
}

/** The error's name; gax's GoogleError keeps Error's, so its class name is used instead. */
function nameOf(error: unknown, source: Record<string, unknown>): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const name = typeof source.name === 'string' ? source.name : 'Error';
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return name === 'Error' && className === 'GoogleError' ? className : name;
}

function systemCodeOf(source: Record<string, unknown>): string | undefined {
  for (const code of [source.code, fieldsOf(source.cause).code]) {
    if (typeof code === 'string' && SYSTEM_CODE.test(code)) return code;
  }
  return undefined;
}

function integerOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
