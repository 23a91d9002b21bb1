// Every row of the error mapping through the SDK wire against the fake, the failures without a
// response, credential failures, and the cleaned causes (no bearer token anywhere).
import { inspect } from 'node:util';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { toSecretsError } from '../src/error-mapping.js';
import { fakeCredential } from '../src/testing/index.js';
import { context, testProvider, useFake } from './fixtures.js';

const fake = useFake();

interface WireRow {
  status: number;
  code: string;
  innerCode?: string;
  expected: SecretsErrorCode;
  retryable: boolean;
}

const WIRE_ROWS: WireRow[] = [
  { status: 404, code: 'SecretNotFound', expected: 'NOT_FOUND', retryable: false },
  { status: 403, code: 'Forbidden', innerCode: 'SecretDisabled', expected: 'DISABLED', retryable: false },
  {
    status: 403,
    code: 'Forbidden',
    innerCode: 'ForbiddenByRbac',
    expected: 'ACCESS_DENIED',
    retryable: false,
  },
  { status: 403, code: 'Forbidden', innerCode: 'AccessDenied', expected: 'ACCESS_DENIED', retryable: false },
  {
    status: 403,
    code: 'Forbidden',
    innerCode: 'ForbiddenByFirewall',
    expected: 'ACCESS_DENIED',
    retryable: false,
  },
  { status: 403, code: 'Forbidden', expected: 'ACCESS_DENIED', retryable: false },
  { status: 401, code: 'Unauthorized', expected: 'UNAUTHENTICATED', retryable: false },
  {
    status: 409,
    code: 'Conflict',
    innerCode: 'ObjectIsDeletedButRecoverable',
    expected: 'CONFLICT',
    retryable: false,
  },
  { status: 409, code: 'Conflict', innerCode: 'ObjectIsBeingDeleted', expected: 'CONFLICT', retryable: true },
  { status: 429, code: 'Throttled', expected: 'THROTTLED', retryable: true },
  { status: 500, code: 'InternalServerError', expected: 'UNAVAILABLE', retryable: true },
  { status: 503, code: 'ServiceUnavailable', expected: 'UNAVAILABLE', retryable: true },
  { status: 408, code: 'RequestTimeout', expected: 'TIMEOUT', retryable: true },
  { status: 400, code: 'BadParameter', expected: 'INVALID_REQUEST', retryable: false },
];

describe('through the SDK wire', () => {
  it.each(WIRE_ROWS)('$status $code/$innerCode → $expected', async (row) => {
    fake.put('mapped', 'the-secret-value');
    fake.failNext(row.status, row.code, row.innerCode === undefined ? {} : { innerCode: row.innerCode });
    const error = await testProvider()
      .getSecret({ name: 'mapped' }, context())
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({
      name: 'SecretsError',
      code: row.expected,
      retryable: row.retryable,
      statusCode: row.status,
      provider: 'azure-key-vault',
      secretName: 'mapped',
    });
    const cause = (error as { cause: Record<string, unknown> }).cause;
    expect(cause).toMatchObject({ name: 'RestError', statusCode: row.status, code: row.code });
    expect(cause.innerCode).toBe(row.innerCode);
    expect(cause.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.calls.count()).toBe(1); // the SDK did not retry
  });

  it('a soft-deleted conflict says how to recover', async () => {
    fake.failNext(409, 'Conflict', { innerCode: 'ObjectIsDeletedButRecoverable' });
    await expect(testProvider().setSecret('taken', 'v', context())).rejects.toThrow(/recover it .*purge it/);
  });

  it('Retry-After becomes retryAfterMs; without it there is none', async () => {
    fake.failNext(429, 'Throttled', { retryAfterSeconds: 3 });
    await expect(testProvider().getSecret({ name: 'slow' }, context())).rejects.toMatchObject({
      code: 'THROTTLED',
      retryAfterMs: 3000,
    });
    fake.failNext(429, 'Throttled');
    const error = await testProvider()
      .getSecret({ name: 'slow' }, context())
      .then(
        () => ({}) as { retryAfterMs?: number },
        (caught: unknown) => caught as { retryAfterMs?: number },
      );
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('a dropped connection is UNAVAILABLE', async () => {
    fake.failNext(0, 'NetworkError');
    await expect(testProvider().getSecret({ name: 'any' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
  });

  it.each(['CredentialUnavailableError', 'AuthenticationError'] as const)(
    'a credential %s is UNAUTHENTICATED after the challenge, with no authenticated request',
    async (fail) => {
      const credential = fakeCredential({ fail });
      await expect(testProvider({ credential }).getSecret({ name: 'any' }, context())).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        retryable: false,
      });
      expect(credential.calls).toBe(1);
      expect(fake.calls.challenges).toBe(1);
      expect(fake.calls.count()).toBe(0);
    },
  );

  it('the cause is a clean copy: no bearer token, request or response anywhere', async () => {
    fake.put('leaky', 'the-secret-value');
    fake.failNext(403, 'Forbidden', { innerCode: 'ForbiddenByRbac' });
    const credential = fakeCredential({ token: 'very-secret-bearer-token' });
    const error = await testProvider({ credential })
      .getSecret({ name: 'leaky' }, context())
      .catch((caught: unknown) => caught as Error);
    const printed = inspect(error, { depth: 10, showHidden: true });
    for (const forbidden of [/Bearer/, /very-secret-bearer-token/, /authorization/i, /the-secret-value/]) {
      expect(printed).not.toMatch(forbidden);
    }
    const cause = (error as Error).cause as Record<string, unknown>;
    expect(Object.getPrototypeOf(cause)).toBe(Error.prototype);
    expect(Object.getOwnPropertyNames(cause).sort()).toEqual([
      'code',
      'innerCode',
      'message',
      'name',
      'requestId',
      'stack',
      'statusCode',
    ]);
  });
});

describe('without a wire answer', () => {
  const restError = (fields: Record<string, unknown>) =>
    Object.assign(new Error(String(fields.message ?? 'failed')), { name: 'RestError' }, fields);

  it.each<[string, unknown, SecretsErrorCode]>([
    [
      'REQUEST_SEND_ERROR',
      restError({ code: 'REQUEST_SEND_ERROR', message: 'socket hang up' }),
      'UNAVAILABLE',
    ],
    ['ECONNREFUSED', restError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), 'UNAVAILABLE'],
    ['ENOTFOUND', restError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }), 'UNAVAILABLE'],
    ['ETIMEDOUT', restError({ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }), 'TIMEOUT'],
    ['TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'TIMEOUT'],
    [
      'AggregateAuthenticationError',
      Object.assign(new Error('ChainedTokenCredential failed'), { name: 'AggregateAuthenticationError' }),
      'UNAUTHENTICATED',
    ],
    ['AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ABORTED'],
    ['a foreign TypeError', new TypeError('x is not a function'), 'UNKNOWN'],
  ])('%s → %s', (_label, error, code) => {
    const mapped = toSecretsError(error, 'name');
    expect(mapped.code).toBe(code);
    expect(mapped.cause).not.toBe(error);
    expect((mapped.cause as Error).name).toBe((error as Error).name);
  });
});
