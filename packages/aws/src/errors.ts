// AWS Secrets Manager failures → SecretsError: the SDK error reader (`describeAwsError`), the table of
// what differs from the kit's defaults, and the per-provider kit every error is built with (DESIGN §5).
import type { SecretsErrorCode } from '@secretkit/core';
import { type AdapterKit, defineAdapter, type ErrorFacts } from '@secretkit/core/adapter';

export const PROVIDER_NAME = 'aws-secrets-manager';
export const LABEL = 'AWS Secrets Manager';

/** Exception names (the `__type` on the wire, `error.name` in the SDK) → codes. Checked first. */
export const BY_EXCEPTION: Readonly<Record<string, SecretsErrorCode>> = {
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
  ThrottlingException: 'THROTTLED', // sent with HTTP 400, not 429
  TooManyRequestsException: 'THROTTLED',
  RequestLimitExceeded: 'THROTTLED',
  InternalServiceError: 'UNAVAILABLE',
  InternalFailure: 'UNAVAILABLE',
  ServiceUnavailable: 'UNAVAILABLE',
  ServiceUnavailableException: 'UNAVAILABLE',
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
  // InvalidRequestException is DISABLED when the secret is marked for deletion: see `classify`.
  InvalidRequestException: 'INVALID_REQUEST',
};

/**
 * HTTP status over the kit's defaults. Secrets Manager never answers 404 (a missing secret is a
 * ResourceNotFoundException on 400), so a 404 came from something in between (a proxy, a wrong
 * endpoint): a network failure, never NOT_FOUND (DESIGN §3).
 */
export const BY_STATUS: Readonly<Record<number, SecretsErrorCode>> = { 404: 'UNAVAILABLE' };

/** Errors the SDK raises itself, before or without a response, that the kit's rules do not know. */
const LOCAL_ERRORS: Readonly<Record<string, SecretsErrorCode>> = {
  CredentialsProviderError: 'UNAUTHENTICATED',
};

/** `innerCode` we derive from an InvalidRequestException's text (the only fact kept from it). */
export const MARKED_FOR_DELETION = 'MarkedForDeletion';
const MARKED_FOR_DELETION_TEXT = /marked for deletion|scheduled for deletion|pending deletion/i;
const NO_RESPONSE_TEXT = /socket hang up|network error|other side closed/i;
const FETCH_FAILURE_TEXT = /^(?:network error|fetch failed|failed to fetch)$/i;
const SYSTEM_CODE = /^(?:E[A-Z0-9_]+|UND_ERR_[A-Z_]+)$/;

/** A failure the adapter found in an answer (a malformed 2xx, a BatchGetSecretValue item): its facts. */
export class AwsAnswerError extends Error {
  readonly facts: ErrorFacts;
  constructor(facts: ErrorFacts) {
    super(facts.message ?? facts.name);
    this.name = facts.name;
    this.facts = facts;
  }
}

/** A 2xx whose content is not what Secrets Manager sends: UNAVAILABLE, retryable (DESIGN §5). */
export function malformedAnswer(what: string, status: unknown): AwsAnswerError {
  return new AwsAnswerError({
    name: 'MalformedAnswer',
    message: what,
    malformedBody: true,
    ...(typeof status === 'number' ? { status } : {}),
  });
}

/** A per-name failure of BatchGetSecretValue's `Errors`: its ErrorCode is the exception. */
export function batchItemFailure(errorCode: unknown, message: unknown): AwsAnswerError {
  return new AwsAnswerError(exceptionFacts(typeof errorCode === 'string' ? errorCode : 'Unknown', message));
}

/** DescribeSecret's DeletedDate, told as GetSecretValue tells it (an InvalidRequestException). */
export function markedForDeletion(): AwsAnswerError {
  const name = 'InvalidRequestException';
  return new AwsAnswerError({ name, serviceCode: name, innerCode: MARKED_FOR_DELETION });
}

/**
 * The facts of anything `client.send` threw. Server text (an exception's message, a body the SDK
 * could not parse) may quote what was sent or stored, so it is never kept: only the exception name,
 * status, request id and Retry-After travel on. Messages of failures without a response are Node's
 * or the SDK's own and are kept (the kit still cleans them).
 */
export function describeAwsError(error: unknown): ErrorFacts {
  if (error instanceof AwsAnswerError) return error.facts;
  const source = fieldsOf(error);
  const name =
    typeof source.name === 'string' ? source.name : typeof error === 'object' ? 'Error' : typeof error;
  const metadata = fieldsOf(source.$metadata);
  const status = Number.isInteger(metadata.httpStatusCode) ? (metadata.httpStatusCode as number) : undefined;
  const fromService = source.$fault === 'client' || source.$fault === 'server';
  const answered: ErrorFacts = {
    name,
    ...(status === undefined ? {} : { status }),
    ...(typeof metadata.requestId === 'string' ? { requestId: metadata.requestId } : {}),
    ...retryAfterOf(source.$response),
  };
  if (fromService) return { ...answered, ...exceptionFacts(name, source.message) };
  if (status !== undefined) {
    // A response the SDK could not deserialize (HTML from a proxy, truncated JSON, a field of the
    // wrong type); its message quotes the body. A 2xx is malformed; otherwise the status decides.
    const ok = status >= 200 && status < 300;
    return {
      ...answered,
      message: 'the response body could not be parsed',
      ...(ok ? { malformedBody: true } : {}),
    };
  }
  const systemCode =
    typeof source.code === 'string' && SYSTEM_CODE.test(source.code) ? source.code : undefined;
  const message = typeof source.message === 'string' ? source.message : undefined;
  // The SDK attaches $metadata to what its HTTP handler threw: a dropped connection without a code.
  const noResponse = source.$metadata !== undefined || NO_RESPONSE_TEXT.test(message ?? '');
  // A fetch-style network error is a TypeError ("Network error", "fetch failed"): named for what it is.
  const networkError = noResponse && name === 'TypeError' && FETCH_FAILURE_TEXT.test(message ?? '');
  return {
    name: networkError ? 'NetworkError' : name,
    ...(message === undefined ? {} : { message }),
    ...(systemCode === undefined ? {} : { systemCode }),
    ...(noResponse ? { noResponse: true } : {}),
  };
}

/**
 * The kit of one provider instance. `secrets()` are the credentials it signs with; the kit scrubs
 * them and the values of the failing call from every cause, and drops an exception name or request
 * id a server built from one of them.
 */
export function createAwsKit(secrets: () => readonly string[]): AdapterKit {
  return defineAdapter({
    provider: PROVIDER_NAME,
    label: LABEL,
    factory: 'awsSecretsManager',
    describe: describeAwsError,
    byServiceCode: BY_EXCEPTION,
    byStatus: BY_STATUS,
    classify: (facts) => {
      if (facts.innerCode === MARKED_FOR_DELETION) return 'DISABLED';
      return facts.status === undefined ? LOCAL_ERRORS[facts.name] : undefined;
    },
    credentials: secrets,
  });
}

/**
 * A service exception's facts: its name, and the one meaning read from its text (the text itself is
 * server text and is dropped). 'Unknown' is the SDK's name when the answer had no `__type`.
 */
function exceptionFacts(name: string, text: unknown): ErrorFacts {
  const marked = name === 'InvalidRequestException' && MARKED_FOR_DELETION_TEXT.test(String(text));
  return {
    name: name === '' ? 'Unknown' : name,
    ...(name === 'Unknown' || name === '' ? {} : { serviceCode: name }),
    ...(marked ? { innerCode: MARKED_FOR_DELETION } : {}),
  };
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The raw Retry-After header of the SDK's `$response` (the kit parses it). */
function retryAfterOf(response: unknown): Pick<ErrorFacts, 'retryAfter'> {
  const headers = fieldsOf(fieldsOf(response).headers);
  const value = headers['retry-after'] ?? headers['Retry-After'];
  return typeof value === 'string' ? { retryAfter: value } : {};
}
