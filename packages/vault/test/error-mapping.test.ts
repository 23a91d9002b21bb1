// Wire failures → SecretsError codes through node-vault (issue 5 §5), statusCode and errors[] on
// the error, and no token, secret ID or JWT in any error, cause or inspect output.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { toSecretsError } from '../src/error-mapping.js';
import { context, testProvider, useFake } from './fixtures.js';

const fake = useFake();

const TABLE: Array<[number, string[], string, boolean]> = [
  [400, ['invalid request'], 'INVALID_REQUEST', false],
  [403, ['1 error occurred:\n\t* permission denied\n\n'], 'ACCESS_DENIED', false],
  [403, ['permission denied', 'invalid token'], 'UNAUTHENTICATED', false],
  [403, ['permission denied', 'missing client token'], 'UNAUTHENTICATED', false],
  [401, ['unauthorized'], 'UNAUTHENTICATED', false],
  [404, [], 'NOT_FOUND', false],
  [412, ['required index state not present'], 'UNAVAILABLE', true],
  [429, ['rate limit quota exceeded'], 'THROTTLED', true],
  [500, ['internal error'], 'UNAVAILABLE', true],
  [502, ['upstream error'], 'UNAVAILABLE', true],
  [503, ['Vault is sealed'], 'UNAVAILABLE', true],
];

describe('status table', () => {
  it.each(TABLE)('%i %j → %s', async (status, errors, code, retryable) => {
    fake.put('secret/app', { a: 1 });
    const provider = testProvider(fake, { kv: { secret: 2 } });
    fake.failNext(status, { errors });
    const error = await provider.getSecret({ name: 'secret/app' }, context()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code,
      retryable,
      statusCode: status,
      provider: 'hashicorp-vault',
      secretName: 'secret/app',
    });
    expect((error as Error & { cause: { errors?: string[] } }).cause.errors).toEqual(
      errors.length > 0 ? errors : undefined,
    );
    expect(fake.calls.count('kv-read')).toBe(1);
  });

  it('a dropped connection is UNAVAILABLE; sealed mode is UNAVAILABLE', async () => {
    const provider = testProvider(fake, { kv: { secret: 2 } });
    fake.failNext(0, { network: true });
    await expect(provider.getSecret({ name: 'secret/app' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    fake.sealed = true;
    await expect(provider.getSecret({ name: 'secret/app' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      statusCode: 503,
    });
  });

  it('timeouts are TIMEOUT; unknown failures UNKNOWN', () => {
    expect(
      toSecretsError(Object.assign(new Error('timeout of 100ms exceeded'), { code: 'ECONNABORTED' }), 'n')
        .code,
    ).toBe('TIMEOUT');
    expect(toSecretsError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'n').code).toBe(
      'UNAVAILABLE',
    );
    expect(toSecretsError(new Error('odd'), 'n').code).toBe('UNKNOWN');
  });

  it('an aborted signal is ABORTED, also when aborted right after the call starts', async () => {
    fake.put('secret/app', { a: 1 });
    const provider = testProvider(fake);
    const before = new AbortController();
    before.abort();
    await expect(provider.getSecret({ name: 'secret/app' }, context(before.signal))).rejects.toMatchObject({
      code: 'ABORTED',
    });
    const during = new AbortController();
    const pending = provider.getSecret({ name: 'secret/app' }, context(during.signal));
    during.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('no credential in errors', () => {
  it('the token never appears in an error, its cause or util.inspect of it', async () => {
    const token = fake.createToken({ ttl: 3600 });
    const provider = testProvider(fake, { token, kv: { secret: 2 } });
    for (const status of [400, 403, 404, 500, 503]) {
      fake.failNext(status, { errors: [`failure ${status}`] });
      const error = await provider.getSecret({ name: 'secret/x' }, context()).catch((e: unknown) => e);
      const text = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${String(error)}`;
      expect(text).not.toContain(token);
      expect(text).toContain(`failure ${status}`);
    }
    fake.failNext(0, { network: true });
    const dropped = await provider.getSecret({ name: 'secret/x' }, context()).catch((e: unknown) => e);
    expect(inspect(dropped, { depth: 10, showHidden: true })).not.toContain(token);
  });

  it('AppRole secret ID and JWTs never appear in login errors', async () => {
    for (const auth of [
      { method: 'approle' as const, roleId: 'wrong', secretId: 'secret-id-that-must-not-leak' },
      { method: 'jwt' as const, role: 'app', jwt: 'jwt-that-must-not-leak' },
    ]) {
      const provider = testProvider(fake, { auth });
      const error = await provider.getSecret({ name: 'secret/x' }, context()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
      const text = inspect(error, { depth: 10, showHidden: true });
      expect(text).not.toContain('must-not-leak');
    }
  });
});
