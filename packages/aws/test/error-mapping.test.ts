// The error mapping, one row per mapping: every exception and status through the SDK wire against
// the fake, the failures that never got a response through the kit, and the uniform messages.
import { expectCleanedCause } from '@secretkit/conformance';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { createAwsKit } from '../src/errors.js';
import { context, REGION, rejection, testProvider, useFake } from './harness.js';

const fake = useFake();

interface WireRow {
  exception: string;
  status?: number;
  message?: string;
  code: SecretsErrorCode;
}

/** One row per exception of the table, then the statuses of exceptions the table does not know. */
const WIRE_ROWS: WireRow[] = [
  { exception: 'ResourceNotFoundException', code: 'NOT_FOUND' },
  { exception: 'AccessDeniedException', code: 'ACCESS_DENIED' },
  { exception: 'UnrecognizedClientException', code: 'UNAUTHENTICATED' },
  { exception: 'InvalidSignatureException', code: 'UNAUTHENTICATED' },
  { exception: 'ExpiredTokenException', code: 'UNAUTHENTICATED' },
  { exception: 'InvalidClientTokenId', status: 403, code: 'UNAUTHENTICATED' },
  { exception: 'IncompleteSignature', code: 'UNAUTHENTICATED' },
  { exception: 'MissingAuthenticationToken', status: 403, code: 'UNAUTHENTICATED' },
  { exception: 'MissingAuthenticationTokenException', status: 403, code: 'UNAUTHENTICATED' },
  { exception: 'SignatureDoesNotMatch', status: 403, code: 'UNAUTHENTICATED' },
  { exception: 'RequestExpired', code: 'UNAUTHENTICATED' },
  { exception: 'ThrottlingException', code: 'THROTTLED' },
  { exception: 'ThrottlingException', status: 429, code: 'THROTTLED' },
  { exception: 'TooManyRequestsException', status: 429, code: 'THROTTLED' },
  { exception: 'RequestLimitExceeded', code: 'THROTTLED' },
  { exception: 'InternalServiceError', status: 500, code: 'UNAVAILABLE' },
  { exception: 'InternalFailure', status: 500, code: 'UNAVAILABLE' },
  { exception: 'ServiceUnavailable', status: 503, code: 'UNAVAILABLE' },
  { exception: 'ServiceUnavailableException', status: 503, code: 'UNAVAILABLE' },
  { exception: 'RequestTimeout', status: 408, code: 'TIMEOUT' },
  { exception: 'RequestTimeoutException', code: 'TIMEOUT' },
  { exception: 'DecryptionFailure', code: 'DECRYPTION_FAILED' },
  { exception: 'EncryptionFailure', code: 'DECRYPTION_FAILED' },
  { exception: 'InvalidParameterException', code: 'INVALID_REQUEST' },
  { exception: 'InvalidNextTokenException', code: 'INVALID_REQUEST' },
  { exception: 'ValidationException', code: 'INVALID_REQUEST' },
  { exception: 'MalformedPolicyDocumentException', code: 'INVALID_REQUEST' },
  { exception: 'LimitExceededException', code: 'INVALID_REQUEST' },
  { exception: 'ResourceExistsException', code: 'CONFLICT' },
  { exception: 'PreconditionNotMetException', code: 'CONFLICT' },
  {
    exception: 'InvalidRequestException',
    message: "You can't perform this operation on the secret because it was marked for deletion.",
    code: 'DISABLED',
  },
  {
    exception: 'InvalidRequestException',
    message: 'You provided a parameter value that is not valid for the current state of the resource.',
    code: 'INVALID_REQUEST',
  },
  // Exceptions the table does not know: the status decides (the kit's defaults, 404 overridden).
  { exception: 'SomethingNew', status: 400, code: 'INVALID_REQUEST' },
  { exception: 'SomethingNew', status: 401, code: 'UNAUTHENTICATED' },
  { exception: 'SomethingNew', status: 403, code: 'ACCESS_DENIED' },
  { exception: 'SomethingNew', status: 404, code: 'UNAVAILABLE' },
  { exception: 'SomethingNew', status: 409, code: 'CONFLICT' },
  { exception: 'SomethingNew', status: 418, code: 'UNKNOWN' },
  { exception: 'SomethingNew', status: 429, code: 'THROTTLED' },
  { exception: 'SomethingNew', status: 502, code: 'UNAVAILABLE' },
  { exception: 'SomethingNew', status: 503, code: 'UNAVAILABLE' },
  { exception: 'SomethingNew', status: 504, code: 'TIMEOUT' },
  { exception: 'SomethingNew', status: 599, code: 'UNAVAILABLE' },
];

const RETRYABLE: ReadonlySet<SecretsErrorCode> = new Set(['THROTTLED', 'UNAVAILABLE', 'TIMEOUT']);

/** How the kit words each code the rows reach. */
const PHRASE: Partial<Record<SecretsErrorCode, string>> = {
  ACCESS_DENIED: 'access denied',
  UNAUTHENTICATED: 'not authenticated',
  THROTTLED: 'throttled',
  UNAVAILABLE: 'unavailable',
  TIMEOUT: 'timed out',
  DECRYPTION_FAILED: 'decryption failed',
  INVALID_REQUEST: 'invalid request',
  CONFLICT: 'conflict',
  DISABLED: 'disabled',
  UNKNOWN: 'failed',
};

describe('through the SDK wire', () => {
  it.each(WIRE_ROWS)('$exception ($status) → $code', async (row) => {
    fake.put('mapped', 'the-secret-value');
    const serverText = row.message ?? `${row.exception} said something about the-secret-value`;
    fake.failNext(row.exception, {
      message: serverText,
      ...(row.status === undefined ? {} : { status: row.status }),
    });
    const error = await rejection(testProvider().getSecret({ name: 'mapped' }, context()));
    const status = row.status ?? 400;
    const marked = row.code === 'DISABLED' ? ', MarkedForDeletion' : '';
    const detail = `(${row.exception}${marked}, HTTP ${status})`;
    expect(error).toMatchObject({
      name: 'SecretsError',
      code: row.code,
      retryable: RETRYABLE.has(row.code),
      statusCode: status,
      provider: 'aws-secrets-manager',
      secretName: 'mapped',
      message:
        row.code === 'NOT_FOUND'
          ? `AWS Secrets Manager: secret "mapped" was not found ${detail}`
          : `AWS Secrets Manager: ${PHRASE[row.code]} for "mapped" ${detail}`,
    });
    // The cause: the exception's facts, never the server's text (it may quote what it was sent).
    expect(error.cause).toMatchObject({ name: row.exception, code: row.exception, statusCode: status });
    expect((error.cause as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((error.cause as Error).message).toBe(row.exception);
  });

  it.each([
    ['delta seconds', '3', 3000],
    ['an HTTP date', () => new Date(Date.now() + 5000).toUTCString(), 5000],
  ])('Retry-After as %s becomes retryAfterMs', async (_label, header, expected) => {
    fake.put('slow-down', 'v');
    const value = typeof header === 'function' ? header() : header;
    fake.answerNext(
      () =>
        new Response(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }), {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'retry-after': value },
        }),
    );
    const error = await rejection(testProvider().getSecret({ name: 'slow-down' }, context()));
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBeGreaterThan(expected - 1500);
    expect(error.retryAfterMs).toBeLessThanOrEqual(expected);
  });

  it('Retry-After on a permanent error is ignored', async () => {
    fake.failNext('AccessDeniedException', { retryAfterSeconds: 3 });
    const error = await rejection(testProvider().getSecret({ name: 'any' }, context()));
    expect(error).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('a dropped connection is UNAVAILABLE and says the connection failed', async () => {
    fake.failNext('NetworkError');
    const error = await rejection(testProvider().getSecret({ name: 'any' }, context()));
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: 'AWS Secrets Manager: no answer for "any", the connection failed (NetworkError)',
      cause: { name: 'NetworkError', message: 'Network error' },
    });
    expect(error.statusCode).toBeUndefined();
  });

  it('a credential-provider failure is UNAUTHENTICATED, with no request sent', async () => {
    const provider = testProvider({
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    const error = await rejection(provider.getSecret({ name: 'any' }, context()));
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      retryable: false,
      message: 'AWS Secrets Manager: not authenticated for "any" (CredentialsProviderError)',
      cause: { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' },
    });
    expect(fake.calls.count()).toBe(0);
  });

  it('the cause is a clean copy: no signature, credentials or raw response anywhere', async () => {
    fake.put('leaky', 'the-secret-value');
    fake.failNext('AccessDeniedException');
    const error = await rejection(
      testProvider({
        credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'very-secret-access-key' },
      }).getSecret({ name: 'leaky' }, context()),
    );
    expectCleanedCause(error, ['code', 'requestId', 'statusCode']);
  });
});

describe('without a wire answer', () => {
  const kit = createAwsKit(() => []);
  const sdkLike = (fields: Record<string, unknown>) =>
    Object.assign(new Error(String(fields.message ?? 'failed')), { $metadata: { attempts: 1 } }, fields);
  /** A Node socket error (its errno `code`), as the SDK passes it on. */
  const errno = (code: string, message: string) => sdkLike({ code, message });

  /** The kit's error for `error`: its code and message, and a cause keeping the error's own name and message. */
  function expectMapped(error: unknown, code: SecretsErrorCode, message: string) {
    const mapped = kit.fromError(error, { name: 'name' });
    expect(mapped).toMatchObject({ code, message, provider: 'aws-secrets-manager', secretName: 'name' });
    expect(mapped.cause).not.toBe(error);
    // The cause keeps the error's own name and message (Node's, the SDK's), a fetch failure named for what it is.
    const name = (error as Error).message === 'fetch failed' ? 'NetworkError' : (error as Error).name;
    expect(mapped.cause).toMatchObject({ name, message: (error as Error).message });
  }

  // [label, error, what the message names in parentheses]
  it.each<[string, unknown, string]>([
    ['ECONNREFUSED', errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'ECONNREFUSED'],
    ['ECONNRESET', errno('ECONNRESET', 'read ECONNRESET'), 'ECONNRESET'],
    ['ENOTFOUND', errno('ENOTFOUND', 'getaddrinfo ENOTFOUND x'), 'ENOTFOUND'],
    ['socket hang up', new Error('socket hang up'), 'Error'],
    ['a fetch network error', sdkLike({ name: 'TypeError', message: 'fetch failed' }), 'NetworkError'],
  ])('%s → UNAVAILABLE', (_label, error, detail) => {
    expectMapped(
      error,
      'UNAVAILABLE',
      `AWS Secrets Manager: no answer for "name", the connection failed (${detail})`,
    );
  });

  it.each<[string, unknown, string]>([
    ['ETIMEDOUT', errno('ETIMEDOUT', 'connect ETIMEDOUT'), 'ETIMEDOUT'],
    [
      'SDK TimeoutError',
      sdkLike({ name: 'TimeoutError', message: 'Connection timed out after 1000 ms' }),
      'TimeoutError',
    ],
  ])('%s → TIMEOUT', (_label, error, detail) => {
    expectMapped(error, 'TIMEOUT', `AWS Secrets Manager: timed out for "name" (${detail})`);
  });

  it.each<[string, unknown, SecretsErrorCode, string]>([
    [
      'CredentialsProviderError',
      Object.assign(new Error('no creds'), { name: 'CredentialsProviderError' }),
      'UNAUTHENTICATED',
      'AWS Secrets Manager: not authenticated for "name" (CredentialsProviderError)',
    ],
    [
      'AbortError',
      sdkLike({ name: 'AbortError', message: 'Request aborted' }),
      'ABORTED',
      'AWS Secrets Manager: reading "name" was aborted',
    ],
    [
      'a foreign TypeError',
      new TypeError('x is not a function'),
      'UNKNOWN',
      'AWS Secrets Manager: failed for "name" (TypeError)',
    ],
  ])('%s → %s', (_label, error, code, message) => {
    expectMapped(error, code, message);
  });

  it('an unreachable endpoint (connection refused) is UNAVAILABLE', async () => {
    // msw is not listening in this test: the request goes to a closed loopback port.
    await fake.close();
    try {
      const provider = testProvider({ endpoint: 'http://127.0.0.1:9' });
      const error = await rejection(provider.getSecret({ name: 'any' }, context()));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, cause: { code: 'ECONNREFUSED' } });
      expect(error.message).toMatch(/^AWS Secrets Manager: no answer for "any", the connection failed \(/);
    } finally {
      fake.listen();
    }
  });
});

it('uses the test region', () => {
  expect(fake.region).toBe(REGION);
});
