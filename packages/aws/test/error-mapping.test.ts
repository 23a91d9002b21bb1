// Every row of the error mapping, through the SDK wire against the fake, plus the failures that
// have no response, and the cleaned causes.
import { inspect } from 'node:util';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { toSecretsError } from '../src/error-mapping.js';
import { context, REGION, testProvider, useFake } from './fixtures.js';

const fake = useFake();

interface WireRow {
  exception: string;
  status?: number;
  message?: string;
  code: SecretsErrorCode;
  retryable: boolean;
}

const WIRE_ROWS: WireRow[] = [
  { exception: 'ResourceNotFoundException', code: 'NOT_FOUND', retryable: false },
  { exception: 'AccessDeniedException', code: 'ACCESS_DENIED', retryable: false },
  { exception: 'UnrecognizedClientException', code: 'UNAUTHENTICATED', retryable: false },
  { exception: 'InvalidSignatureException', code: 'UNAUTHENTICATED', retryable: false },
  { exception: 'ExpiredTokenException', code: 'UNAUTHENTICATED', retryable: false },
  { exception: 'ThrottlingException', status: 400, code: 'THROTTLED', retryable: true },
  { exception: 'ThrottlingException', status: 429, code: 'THROTTLED', retryable: true },
  { exception: 'SomethingNew', status: 429, code: 'THROTTLED', retryable: true },
  { exception: 'InternalServiceError', status: 500, code: 'UNAVAILABLE', retryable: true },
  { exception: 'SomethingNew', status: 503, code: 'UNAVAILABLE', retryable: true },
  {
    exception: 'InvalidRequestException',
    message: "You can't perform this operation on the secret because it was marked for deletion.",
    code: 'DISABLED',
    retryable: false,
  },
  {
    exception: 'InvalidRequestException',
    message: 'You provided a parameter value that is not valid for the current state of the resource.',
    code: 'INVALID_REQUEST',
    retryable: false,
  },
  { exception: 'DecryptionFailure', code: 'DECRYPTION_FAILED', retryable: false },
  { exception: 'InvalidParameterException', code: 'INVALID_REQUEST', retryable: false },
];

describe('through the SDK wire', () => {
  it.each(WIRE_ROWS)('$exception ($status) → $code', async (row) => {
    fake.put('mapped', 'the-secret-value');
    fake.failNext(row.exception, {
      ...(row.status === undefined ? {} : { status: row.status }),
      ...(row.message === undefined ? {} : { message: row.message }),
    });
    const error = await testProvider()
      .getSecret({ name: 'mapped' }, context())
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    const status = row.status ?? (row.exception === 'InternalServiceError' ? 500 : 400);
    expect(error).toMatchObject({
      name: 'SecretsError',
      code: row.code,
      retryable: row.retryable,
      statusCode: status,
      provider: 'aws-secrets-manager',
      secretName: 'mapped',
    });
    const cause = (
      error as { cause: { name: string; $metadata: { httpStatusCode: number; requestId: string } } }
    ).cause;
    expect(cause.name).toBe(row.exception);
    expect(cause.$metadata.httpStatusCode).toBe(status);
    expect(cause.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Retry-After becomes retryAfterMs', async () => {
    fake.put('slow-down', 'v');
    fake.failNext('ThrottlingException', { status: 429, retryAfterSeconds: 3 });
    await expect(testProvider().getSecret({ name: 'slow-down' }, context())).rejects.toMatchObject({
      code: 'THROTTLED',
      retryAfterMs: 3000,
    });
  });

  it('a dropped connection is UNAVAILABLE', async () => {
    fake.failNext('NetworkError');
    await expect(testProvider().getSecret({ name: 'any' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
  });

  it('a credential-provider failure is UNAUTHENTICATED, with no request sent', async () => {
    const provider = testProvider({
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    await expect(provider.getSecret({ name: 'any' }, context())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      retryable: false,
    });
    expect(fake.calls.count()).toBe(0);
  });

  it('the cause is a clean copy: no signature, credentials or raw response anywhere', async () => {
    fake.put('leaky', 'the-secret-value');
    fake.failNext('AccessDeniedException');
    const error = await testProvider({
      credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'very-secret-access-key' },
    })
      .getSecret({ name: 'leaky' }, context())
      .catch((caught: unknown) => caught as Error);
    const printed = inspect(error, { depth: 10, showHidden: true });
    for (const forbidden of [
      /authorization/i,
      /AWS4-HMAC-SHA256/,
      /Signature=/,
      /very-secret-access-key/,
      /\$response/,
    ]) {
      expect(printed).not.toMatch(forbidden);
    }
    expect(JSON.stringify(error)).not.toMatch(/authorization/i);
    const cause = (error as Error).cause as Record<string, unknown>;
    expect(Object.getPrototypeOf(cause)).toBe(Error.prototype);
    expect(Object.getOwnPropertyNames(cause).sort()).toEqual([
      '$fault',
      '$metadata',
      'message',
      'name',
      'stack',
    ]);
  });
});

describe('without a wire answer', () => {
  const sdkLike = (fields: Record<string, unknown>) =>
    Object.assign(new Error(String(fields.message ?? 'failed')), { $metadata: { attempts: 1 } }, fields);

  it.each<[string, unknown, SecretsErrorCode]>([
    [
      'ECONNREFUSED',
      sdkLike({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }),
      'UNAVAILABLE',
    ],
    ['ECONNRESET', sdkLike({ code: 'ECONNRESET', message: 'read ECONNRESET' }), 'UNAVAILABLE'],
    ['ENOTFOUND', sdkLike({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' }), 'UNAVAILABLE'],
    ['socket hang up', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'UNAVAILABLE'],
    ['ETIMEDOUT', sdkLike({ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }), 'TIMEOUT'],
    [
      'SDK TimeoutError',
      sdkLike({ name: 'TimeoutError', message: 'Connection timed out after 1000 ms' }),
      'TIMEOUT',
    ],
    [
      'CredentialsProviderError',
      Object.assign(new Error('no creds'), { name: 'CredentialsProviderError' }),
      'UNAUTHENTICATED',
    ],
    ['AbortError', sdkLike({ name: 'AbortError', message: 'Request aborted' }), 'ABORTED'],
    ['a foreign TypeError', new TypeError('x is not a function'), 'UNKNOWN'],
  ])('%s → %s', (_label, error, code) => {
    const mapped = toSecretsError(error, 'name');
    expect(mapped.code).toBe(code);
    expect(mapped.cause).not.toBe(error);
    expect((mapped.cause as Error).name).toBe((error as Error).name);
  });

  it('an unreachable endpoint (connection refused) is UNAVAILABLE', async () => {
    // msw is not listening in this test: the request goes to a closed loopback port.
    fake.close();
    try {
      const provider = testProvider({ endpoint: 'http://127.0.0.1:9' });
      await expect(provider.getSecret({ name: 'any' }, context())).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        retryable: true,
        cause: { code: 'ECONNREFUSED' },
      });
    } finally {
      fake.listen();
    }
  });
});

it('uses the test region', () => {
  expect(fake.region).toBe(REGION);
});
