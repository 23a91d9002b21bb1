// Error mapping: every row of the table through the real client over both wires (gRPC status
// numbers, REST HTTP errors), the mapping function on the shapes the libraries throw (GoogleError,
// GaxiosError, system errors), and causes that are cleaned copies without tokens.
import { inspect } from 'node:util';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { toSecretsError } from '../src/error-mapping.js';
import { gcpSecretManager } from '../src/index.js';
import { type FaultName, fakeAuthClient } from '../src/testing/index.js';
import { context, PROJECT, TRANSPORTS, useFake } from './fixtures.js';

/** The table: gRPC status → code, with the retryable flag core relies on. */
const WIRE_ROWS: ReadonlyArray<[FaultName, SecretsErrorCode, boolean]> = [
  ['NOT_FOUND', 'NOT_FOUND', false],
  ['PERMISSION_DENIED', 'ACCESS_DENIED', false],
  ['UNAUTHENTICATED', 'UNAUTHENTICATED', false],
  ['RESOURCE_EXHAUSTED', 'THROTTLED', true],
  ['FAILED_PRECONDITION', 'DISABLED', false],
  ['INVALID_ARGUMENT', 'INVALID_REQUEST', false],
  ['UNAVAILABLE', 'UNAVAILABLE', true],
  ['INTERNAL', 'UNAVAILABLE', true],
  ['ABORTED', 'UNAVAILABLE', true],
  ['DEADLINE_EXCEEDED', 'TIMEOUT', true],
  ['ALREADY_EXISTS', 'CONFLICT', false],
];

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, provider } = useFake(transport);

  it.each(WIRE_ROWS)(
    '%s → %s (retryable %s), for an existing and a missing name',
    async (status, code, retryable) => {
      fake.put('existing', 'v');
      const p = provider();
      for (const name of ['existing', 'missing']) {
        fake.failNext(status);
        const error = await p.getSecret({ name }, context()).catch((e: unknown) => e);
        expect(error).toMatchObject({ code, retryable, provider: 'gcp-secret-manager', secretName: name });
        const cause = (error as Error).cause as Error;
        expect(Object.getPrototypeOf(cause)).toBe(Error.prototype); // a copy, not the client's error
      }
      expect(fake.calls.count('AccessSecretVersion')).toBe(2);
      await p.close();
    },
  );

  it('PERMISSION_DENIED "(or it may not exist)" on a missing name stays ACCESS_DENIED', async () => {
    fake.failNext('PERMISSION_DENIED', { times: 2 });
    const p = provider();
    await expect(p.getSecret({ name: 'ghost' }, context())).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(p.getVersion({ name: 'ghost' }, context())).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await p.close();
  });

  it('a failure without a response is UNAVAILABLE', async () => {
    fake.put('db', 'v');
    const p =
      transport === 'rest'
        ? provider()
        : gcpSecretManager({
            projectId: PROJECT,
            authClient: fakeAuthClient(),
            clientOptions: {
              apiEndpoint: '127.0.0.1',
              port: 1,
              sslCreds: (await import('@grpc/grpc-js')).credentials.createInsecure(),
            } as never,
          });
    if (transport === 'rest') fake.failNext('NETWORK_ERROR');
    await expect(p.getSecret({ name: 'db' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    await p.close();
  }, 30_000);

  it('the cause carries no token: util.inspect(showHidden) shows no Bearer and no access token', async () => {
    const token = 'ya29.very-secret-access-token';
    const p = provider({ authClient: fakeAuthClient(token) });
    fake.failNext('PERMISSION_DENIED');
    const error = await p.getSecret({ name: 'db' }, context()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED' });
    const printed = inspect(error, { depth: 10, showHidden: true });
    expect(printed).not.toMatch(/Bearer/i);
    expect(printed).not.toContain(token);
    expect(printed).not.toMatch(/authorization/i);
    expect(JSON.stringify(error)).not.toContain(token);
    await p.close();
  });
});

describe('toSecretsError on the shapes the libraries throw', () => {
  const googleError = (code: number, message = `${code} STATUS: details`) =>
    Object.assign(new Error(message), {
      name: 'Error',
      code,
      details: 'details',
      metadata: { internalRepr: {} },
    });
  const gaxiosError = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`Request failed with status code ${status}`), {
      name: 'GaxiosError',
      code: String(status),
      status,
      config: { headers: { Authorization: 'Bearer ya29.leaky-token' } },
      response: { status, data: body, headers },
    });

  const rows: Array<[string, unknown, SecretsErrorCode, boolean]> = [
    ['GoogleError 5', googleError(5), 'NOT_FOUND', false],
    ['GoogleError 7', googleError(7), 'ACCESS_DENIED', false],
    ['GoogleError 16', googleError(16), 'UNAUTHENTICATED', false],
    ['GoogleError 8', googleError(8), 'THROTTLED', true],
    ['GoogleError 9', googleError(9), 'DISABLED', false],
    ['GoogleError 3', googleError(3), 'INVALID_REQUEST', false],
    ['GoogleError 14', googleError(14), 'UNAVAILABLE', true],
    ['GoogleError 13', googleError(13), 'UNAVAILABLE', true],
    ['GoogleError 10', googleError(10), 'UNAVAILABLE', true],
    ['GoogleError 4', googleError(4), 'TIMEOUT', true],
    ['GoogleError 2 (UNKNOWN)', googleError(2), 'UNAVAILABLE', true],
    ['GaxiosError 404', gaxiosError(404), 'NOT_FOUND', false],
    ['GaxiosError 403', gaxiosError(403), 'ACCESS_DENIED', false],
    ['GaxiosError 401', gaxiosError(401), 'UNAUTHENTICATED', false],
    ['GaxiosError 429', gaxiosError(429), 'THROTTLED', true],
    [
      'GaxiosError 400 FAILED_PRECONDITION',
      gaxiosError(400, { error: { status: 'FAILED_PRECONDITION' } }),
      'DISABLED',
      false,
    ],
    [
      'GaxiosError 400 INVALID_ARGUMENT',
      gaxiosError(400, { error: { status: 'INVALID_ARGUMENT' } }),
      'INVALID_REQUEST',
      false,
    ],
    ['GaxiosError 503', gaxiosError(503), 'UNAVAILABLE', true],
    ['GaxiosError 500', gaxiosError(500), 'UNAVAILABLE', true],
    ['GaxiosError 504', gaxiosError(504), 'TIMEOUT', true],
    [
      'GaxiosError without response',
      Object.assign(new Error('request to x failed'), { name: 'GaxiosError', code: 'ECONNRESET' }),
      'UNAVAILABLE',
      true,
    ],
    [
      'ECONNREFUSED',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'UNAVAILABLE',
      true,
    ],
    ['fetch failed', new TypeError('fetch failed'), 'UNAVAILABLE', true],
    ['ETIMEDOUT', Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), 'TIMEOUT', true],
    [
      'no default credentials',
      new Error('Could not load the default credentials.'),
      'UNAUTHENTICATED',
      false,
    ],
    ['AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ABORTED', false],
    ['a foreign TypeError', new TypeError('x is not a function'), 'UNKNOWN', false],
  ];

  it.each(rows)('%s → %s', (_, error, code, retryable) => {
    const mapped = toSecretsError(error, 'db');
    expect(mapped).toMatchObject({ code, retryable, secretName: 'db', provider: 'gcp-secret-manager' });
    expect(mapped.cause).not.toBe(error);
    expect(inspect(mapped, { depth: 10, showHidden: true })).not.toMatch(/leaky-token|Bearer ya29/);
  });

  it('keeps status numbers and the request id on the cleaned cause', () => {
    const mapped = toSecretsError(
      gaxiosError(403, { error: { status: 'PERMISSION_DENIED' } }, { 'x-request-id': 'req-1' }),
      'db',
    );
    expect(mapped.statusCode).toBe(403);
    expect(mapped.cause).toMatchObject({ name: 'GaxiosError', code: 7, status: 403, requestId: 'req-1' });
    const grpc = toSecretsError(googleError(7, '7 PERMISSION_DENIED: denied (or it may not exist)'), 'db');
    expect(grpc.cause).toMatchObject({
      code: 7,
      message: '7 PERMISSION_DENIED: denied (or it may not exist)',
    });
  });

  it('redacts token-like text in messages', () => {
    const mapped = toSecretsError(
      new Error('failed with Authorization: Bearer ya29.abc.def and access_token=zzz'),
      'db',
    );
    expect(String((mapped.cause as Error).message)).not.toMatch(/ya29|zzz/);
  });

  it('an aborted signal makes any failure ABORTED', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toSecretsError(googleError(14), 'db', controller.signal).code).toBe('ABORTED');
  });
});
