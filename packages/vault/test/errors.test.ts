// Vault failures → SecretsError through node-vault against the fake, one row per mapping (DESIGN
// §3, §5), with uniform messages; Retry-After; and what messages and causes keep of Vault's
// errors[]: only well-known phrases, never text that could quote a value (issue 11 defect 4).
import { inspect } from 'node:util';
import { findValue } from '@secretkit/conformance';
import { describe, expect, it } from 'vitest';
import { vaultKit } from '../src/errors.js';
import { context, testProvider, useFake } from './harness.js';

const fake = useFake();
const CANARY = 'canary-7d1e0b-value-never-shown';

/** [status, Vault's errors[], code, retryable, message detail, cause message]. */
const WIRE_TABLE: Array<[number, string[], string, boolean, string, string | undefined]> = [
  [400, ['invalid request'], 'INVALID_REQUEST', false, 'HTTP 400', undefined],
  [
    403,
    ['1 error occurred:\n\t* permission denied\n\n'],
    'ACCESS_DENIED',
    false,
    'permission-denied, HTTP 403',
    'permission denied',
  ],
  [
    403,
    ['permission denied', 'invalid token'],
    'UNAUTHENTICATED',
    false,
    'invalid-token, HTTP 403',
    'invalid token; permission denied',
  ],
  [
    403,
    ['permission denied', 'missing client token'],
    'UNAUTHENTICATED',
    false,
    'missing-client-token, HTTP 403',
    'missing client token; permission denied',
  ],
  [401, ['unauthorized'], 'UNAUTHENTICATED', false, 'HTTP 401', undefined],
  [404, [], 'NOT_FOUND', false, 'HTTP 404', undefined],
  [
    405,
    ['unsupported operation'],
    'INVALID_REQUEST',
    false,
    'unsupported-operation, HTTP 405',
    'unsupported operation',
  ],
  [
    412,
    ['required index state not present'],
    'UNAVAILABLE',
    true,
    'index-state-not-present, HTTP 412',
    'required index state not present',
  ],
  [
    429,
    ['request path "secret/": rate limit quota exceeded'],
    'THROTTLED',
    true,
    'rate-limited, HTTP 429',
    'rate limit quota exceeded',
  ],
  [500, ['internal error'], 'UNAVAILABLE', true, 'internal-error, HTTP 500', 'internal error'],
  [502, ['upstream error'], 'UNAVAILABLE', true, 'HTTP 502', undefined],
  [503, ['Vault is sealed'], 'UNAVAILABLE', true, 'sealed, HTTP 503', 'Vault is sealed'],
  [504, [], 'TIMEOUT', true, 'HTTP 504', undefined],
  [418, [], 'UNKNOWN', false, 'HTTP 418', undefined],
];

const PHRASE_FOR: Record<string, string> = {
  INVALID_REQUEST: 'invalid request',
  ACCESS_DENIED: 'access denied',
  UNAUTHENTICATED: 'not authenticated',
  UNAVAILABLE: 'unavailable',
  THROTTLED: 'throttled',
  TIMEOUT: 'timed out',
  UNKNOWN: 'failed',
};

async function failedRead(provider = testProvider(fake, { kv: { secret: 2 } }), name = 'secret/app') {
  return (await provider.getSecret({ name }, context()).catch((e: unknown) => e)) as Error & {
    code: string;
    cause: Error & Record<string, unknown>;
  };
}

describe('the error table, over the wire', () => {
  it.each(WIRE_TABLE)('%i %j → %s', async (status, errors, code, retryable, detail, causeMessage) => {
    fake.put('secret/app', { a: 1 });
    fake.failNext(status, { errors });
    const error = await failedRead();
    const message =
      code === 'NOT_FOUND'
        ? `Vault: secret "secret/app" was not found (${detail})`
        : `Vault: ${PHRASE_FOR[code]} for "secret/app" (${detail})`;
    expect(error).toMatchObject({
      code,
      retryable,
      statusCode: status,
      provider: 'hashicorp-vault',
      secretName: 'secret/app',
      message,
    });
    expect(error.cause).toMatchObject({ name: 'ApiResponseError', statusCode: status });
    if (causeMessage !== undefined) expect(error.cause.message).toBe(causeMessage);
    expect(fake.calls.count('kv-read')).toBe(1);
  });

  it('a dropped connection is UNAVAILABLE and says so; sealed mode is UNAVAILABLE', async () => {
    fake.failNext(0, { network: true });
    const dropped = await failedRead();
    expect(dropped).toMatchObject({ code: 'UNAVAILABLE', retryable: true, statusCode: undefined });
    expect(dropped.message).toMatch(/^Vault: no answer for "secret\/app", the connection failed/);
    fake.sealed = true;
    await expect(failedRead()).resolves.toMatchObject({ code: 'UNAVAILABLE', statusCode: 503 });
  });

  it('Retry-After on a 429 (rate-limit quota) and a 503 becomes retryAfterMs; none without the header', async () => {
    const provider = testProvider(fake, { kv: { secret: 2 } });
    fake.failNext(429, { headers: { 'retry-after': '7' } });
    await expect(failedRead(provider)).resolves.toMatchObject({ code: 'THROTTLED', retryAfterMs: 7000 });
    fake.failNext(503, { headers: { 'retry-after': '2' } });
    await expect(failedRead(provider)).resolves.toMatchObject({ code: 'UNAVAILABLE', retryAfterMs: 2000 });
    fake.failNext(429);
    const bare = await failedRead(provider);
    expect(bare).toMatchObject({ code: 'THROTTLED' });
    expect((bare as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
    fake.failNext(400, { headers: { 'retry-after': '7' } });
    expect(((await failedRead(provider)) as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
  });
});

describe('failures without an answer, read off the SDK error (pure)', () => {
  const kit = vaultKit();
  it.each([
    [
      'an axios timeout',
      Object.assign(new Error('timeout of 100ms exceeded'), { isAxiosError: true, code: 'ECONNABORTED' }),
      'TIMEOUT',
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8200'), {
        isAxiosError: true,
        code: 'ECONNREFUSED',
      }),
      'UNAVAILABLE',
    ],
    [
      'an axios network error',
      Object.assign(new Error('Network Error'), { isAxiosError: true, code: 'ERR_NETWORK' }),
      'UNAVAILABLE',
    ],
    ['a foreign error', new TypeError('odd'), 'UNKNOWN'],
    ['a thrown string', 'odd', 'UNKNOWN'],
  ])('%s → %s', (_, thrown, code) => {
    expect(kit.fromError(thrown, { name: 'n' })).toMatchObject({
      code,
      provider: 'hashicorp-vault',
      secretName: 'n',
    });
  });
});

describe("Vault's errors[] and credentials never reach an error as written (issue 11 defect 4)", () => {
  it.each([
    ['quotes a value', [`invalid value "${CANARY}" for key "password"`]],
    ['holds a value unquoted', [`1 error occurred:\n\t* cannot decode ${CANARY}\n\n`]],
    ['puts a value next to a well-known phrase', ['permission denied', `policy for ${CANARY}`]],
  ])('server text that %s is dropped, a well-known phrase kept', async (_, errors) => {
    fake.failNext(errors.includes('permission denied') ? 403 : 400, { errors });
    const error = await failedRead();
    expect(findValue(error, CANARY)).toEqual([]);
    expect(findValue(error, 'decode')).toEqual([]);
    if (errors.includes('permission denied')) expect(error.cause.message).toBe('permission denied');
  });

  it('the token never appears in an error, its cause or util.inspect of it, even when Vault echoes it', async () => {
    const token = fake.createToken({ ttl: 3600 });
    const provider = testProvider(fake, { token, kv: { secret: 2 } });
    for (const status of [400, 403, 404, 500, 503]) {
      fake.failNext(status, { errors: [`failure ${status} for token ${token}`] });
      const error = await failedRead(provider, 'secret/x');
      const text = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${String(error)}`;
      expect(text).not.toContain(token);
      expect(text).not.toContain(`failure ${status}`);
    }
    fake.failNext(0, { network: true });
    const dropped = await failedRead(provider, 'secret/x');
    expect(inspect(dropped, { depth: 10, showHidden: true })).not.toContain(token);
  });

  it('AppRole secret ID and JWTs never appear in login errors', async () => {
    for (const auth of [
      { method: 'approle' as const, roleId: 'wrong', secretId: 'secret-id-that-must-not-leak' },
      { method: 'jwt' as const, role: 'app', jwt: 'jwt-that-must-not-leak' },
    ]) {
      const error = await failedRead(testProvider(fake, { auth }), 'secret/x');
      expect(error).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/^Vault: the (approle|jwt) login was refused$/),
      });
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('must-not-leak');
    }
  });
});
