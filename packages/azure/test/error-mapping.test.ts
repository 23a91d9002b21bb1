// Every row of the error mapping: through the SDK wire against the fake (one row per Key Vault
// answer), the failures without a response, credential failures, Retry-After in each header the
// service may send, and the cleaned causes.

import { inspect } from 'node:util';
import { expectCleanedCause } from '@secretkit/conformance';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import { CredentialFailure, keyVaultKit } from '../src/errors.js';
import { fakeCredential } from '../src/testing/index.js';
import { context, rejection, testProvider, useFake } from './harness.js';

const fake = useFake();

interface WireRow {
  status: number;
  code: string;
  innerCode?: string;
  expected: SecretsErrorCode;
  retryable: boolean;
  message: string;
}

const WIRE_ROWS: WireRow[] = [
  {
    status: 404,
    code: 'SecretNotFound',
    expected: 'NOT_FOUND',
    retryable: false,
    message: 'Azure Key Vault: secret "mapped" was not found (SecretNotFound, HTTP 404)',
  },
  {
    status: 403,
    code: 'Forbidden',
    innerCode: 'SecretDisabled',
    expected: 'DISABLED',
    retryable: false,
    message: 'Azure Key Vault: disabled for "mapped" (Forbidden, SecretDisabled, HTTP 403)',
  },
  ...['ForbiddenByRbac', 'AccessDenied', 'ForbiddenByFirewall'].map(
    (innerCode): WireRow => ({
      status: 403,
      code: 'Forbidden',
      innerCode,
      expected: 'ACCESS_DENIED',
      retryable: false,
      message: `Azure Key Vault: access denied for "mapped" (Forbidden, ${innerCode}, HTTP 403)`,
    }),
  ),
  {
    status: 403,
    code: 'Forbidden',
    expected: 'ACCESS_DENIED',
    retryable: false,
    message: 'Azure Key Vault: access denied for "mapped" (Forbidden, HTTP 403)',
  },
  {
    status: 401,
    code: 'Unauthorized',
    expected: 'UNAUTHENTICATED',
    retryable: false,
    message: 'Azure Key Vault: not authenticated for "mapped" (Unauthorized, HTTP 401)',
  },
  {
    status: 409,
    code: 'Conflict',
    innerCode: 'ObjectIsDeletedButRecoverable',
    expected: 'CONFLICT',
    retryable: false,
    message:
      'Azure Key Vault: conflict for "mapped" (Conflict, ObjectIsDeletedButRecoverable, HTTP 409): it is soft-deleted: ' +
      'recover it (`az keyvault secret recover`, SecretClient.beginRecoverDeletedSecret) or purge it ' +
      '(`az keyvault secret purge`) before writing the name again',
  },
  {
    status: 409,
    code: 'Conflict',
    innerCode: 'ObjectIsBeingDeleted',
    expected: 'CONFLICT',
    retryable: true,
    message:
      'Azure Key Vault: conflict for "mapped" (Conflict, ObjectIsBeingDeleted, HTTP 409): it is being deleted: ' +
      'retry once the deletion has finished',
  },
  {
    status: 429,
    code: 'Throttled',
    expected: 'THROTTLED',
    retryable: true,
    message: 'Azure Key Vault: throttled for "mapped" (Throttled, HTTP 429)',
  },
  {
    status: 500,
    code: 'InternalServerError',
    expected: 'UNAVAILABLE',
    retryable: true,
    message: 'Azure Key Vault: unavailable for "mapped" (InternalServerError, HTTP 500)',
  },
  {
    status: 503,
    code: 'ServiceUnavailable',
    expected: 'UNAVAILABLE',
    retryable: true,
    message: 'Azure Key Vault: unavailable for "mapped" (ServiceUnavailable, HTTP 503)',
  },
  {
    status: 408,
    code: 'RequestTimeout',
    expected: 'TIMEOUT',
    retryable: true,
    message: 'Azure Key Vault: timed out for "mapped" (RequestTimeout, HTTP 408)',
  },
  {
    status: 400,
    code: 'BadParameter',
    expected: 'INVALID_REQUEST',
    retryable: false,
    message: 'Azure Key Vault: invalid request for "mapped" (BadParameter, HTTP 400)',
  },
];

describe('through the SDK wire', () => {
  it.each(WIRE_ROWS)('$status $code/$innerCode → $expected', async (row) => {
    fake.put('mapped', 'the-secret-value');
    fake.failNext(row.status, row.code, row.innerCode === undefined ? {} : { innerCode: row.innerCode });
    const error = await rejection(testProvider().getSecret({ name: 'mapped' }, context()));
    expect(error).toMatchObject({
      name: 'SecretsError',
      code: row.expected,
      retryable: row.retryable,
      statusCode: row.status,
      provider: 'azure-key-vault',
      secretName: 'mapped',
      message: row.message,
    });
    const cause = error.cause as Record<string, unknown>;
    expect(cause).toMatchObject({ name: 'RestError', statusCode: row.status, code: row.code });
    expect(cause.innerCode).toBe(row.innerCode);
    expect(cause.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.calls.count()).toBe(1); // the SDK did not retry
  });

  it.each<[string, Record<string, string>, number | undefined]>([
    ['Retry-After in seconds', { 'retry-after': '3' }, 3000],
    ['Retry-After as an HTTP date', { 'retry-after': 'Wed, 15 Nov 2023 22:14:20 GMT' }, 60_000],
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1500],
    ['x-ms-retry-after-ms (before Retry-After)', { 'x-ms-retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['no header', {}, undefined],
    ['a garbage header', { 'retry-after': 'soon' }, undefined],
  ])('429 with %s → retryAfterMs', async (_label, headers, expected) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('Wed, 15 Nov 2023 22:13:20 GMT') });
    try {
      fake.answerNext({
        status: 429,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }),
      });
      const error = await rejection(testProvider().getSecret({ name: 'slow' }, context()));
      expect(error.code).toBe('THROTTLED');
      expect(error.retryAfterMs).toBe(expected);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a dropped connection is UNAVAILABLE and says so', async () => {
    fake.failNext(0, 'NetworkError');
    const error = await rejection(testProvider().getSecret({ name: 'any' }, context()));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, secretName: 'any' });
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toMatch(/^Azure Key Vault: no answer for "any", the connection failed/);
  });

  it.each(['CredentialUnavailableError', 'AuthenticationError'] as const)(
    'a credential %s is UNAUTHENTICATED after the challenge, with no authenticated request',
    async (fail) => {
      const credential = fakeCredential({ fail });
      const error = await rejection(testProvider({ credential }).getSecret({ name: 'any' }, context()));
      expect(error).toMatchObject({
        code: 'UNAUTHENTICATED',
        retryable: false,
        message: `Azure Key Vault: not authenticated for "any" (${fail})`,
      });
      expect(error.cause).toMatchObject({ name: fail, message: 'the credential could not get a token' });
      expect(credential.calls).toBe(1);
      expect(fake.calls.challenges).toBe(1);
      expect(fake.calls.count()).toBe(0);
    },
  );

  it('the cause is a clean copy: no bearer token, request or response anywhere', async () => {
    fake.put('leaky', 'the-secret-value');
    fake.failNext(403, 'Forbidden', { innerCode: 'ForbiddenByRbac' });
    const credential = fakeCredential({ token: 'very-secret-bearer-token' });
    const error = await rejection(testProvider({ credential }).getSecret({ name: 'leaky' }, context()));
    const printed = inspect(error, { depth: 10, showHidden: true });
    for (const forbidden of [/Bearer/, /very-secret-bearer-token/, /authorization/i, /the-secret-value/]) {
      expect(printed).not.toMatch(forbidden);
    }
    expectCleanedCause(error, ['code', 'innerCode', 'requestId', 'statusCode']);
  });
});

describe('without a wire answer', () => {
  const kit = keyVaultKit();
  const restError = (fields: Record<string, unknown>) =>
    Object.assign(new Error(String(fields.message ?? 'failed')), { name: 'RestError' }, fields);
  const named = (name: string, message = 'failed') => Object.assign(new Error(message), { name });

  it.each<[string, unknown, SecretsErrorCode]>([
    [
      'REQUEST_SEND_ERROR',
      restError({ code: 'REQUEST_SEND_ERROR', message: 'socket hang up' }),
      'UNAVAILABLE',
    ],
    ['ECONNREFUSED', restError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), 'UNAVAILABLE'],
    ['ECONNRESET', restError({ code: 'ECONNRESET', message: 'read ECONNRESET' }), 'UNAVAILABLE'],
    ['ENOTFOUND', restError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }), 'UNAVAILABLE'],
    ['a RestError without status or code', restError({ message: 'no answer' }), 'UNAVAILABLE'],
    ['ETIMEDOUT', restError({ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }), 'TIMEOUT'],
    ['TimeoutError', named('TimeoutError', 'timed out'), 'TIMEOUT'],
    ['AggregateAuthenticationError', named('AggregateAuthenticationError'), 'UNAUTHENTICATED'],
    ['AuthenticationRequiredError', named('AuthenticationRequiredError'), 'UNAUTHENTICATED'],
    [
      'a failed getToken of another name',
      Object.assign(new CredentialFailure('x'), { name: 'TypeError' }),
      'UNAUTHENTICATED',
    ],
    ['AbortError', named('AbortError', 'aborted'), 'ABORTED'],
    ['an aborted getToken', Object.assign(new CredentialFailure('x'), { name: 'AbortError' }), 'ABORTED'],
    ['a foreign TypeError', new TypeError('x is not a function'), 'UNKNOWN'],
  ])('%s → %s', (_label, error, code) => {
    const mapped = kit.fromError(error, { name: 'name' });
    expect(mapped.code).toBe(code);
    expect(mapped.cause).not.toBe(error);
    expect((mapped.cause as Error).name).toBe((error as Error).name);
  });
});
