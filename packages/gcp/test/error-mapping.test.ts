// The error mapping, one row per mapping: every gRPC status through the real client over both wires,
// REST statuses without a google.rpc body (a proxy's page), the failures without a response through
// the kit, the uniform messages, statusCode, Retry-After (RetryInfo) and the cleaned cause.
import { inspect } from 'node:util';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { createGcpKit } from '../src/errors.js';
import { gcpSecretManager } from '../src/index.js';
import { type FaultName, fakeAuthClient, type GrpcStatusName } from '../src/testing/index.js';
import { context, PROJECT, rejection, TRANSPORTS, useFake } from './harness.js';

const RETRYABLE: ReadonlySet<SecretsErrorCode> = new Set(['THROTTLED', 'UNAVAILABLE', 'TIMEOUT']);

/** Every status the service may answer → code, and the HTTP status the REST endpoint sends it with. */
const WIRE_ROWS: ReadonlyArray<[Exclude<GrpcStatusName, 'OK'>, SecretsErrorCode, number]> = [
  ['CANCELLED', 'UNAVAILABLE', 499],
  ['UNKNOWN', 'UNAVAILABLE', 500],
  ['INVALID_ARGUMENT', 'INVALID_REQUEST', 400],
  ['DEADLINE_EXCEEDED', 'TIMEOUT', 504],
  ['NOT_FOUND', 'NOT_FOUND', 404],
  ['ALREADY_EXISTS', 'CONFLICT', 409],
  ['PERMISSION_DENIED', 'ACCESS_DENIED', 403],
  ['RESOURCE_EXHAUSTED', 'THROTTLED', 429],
  ['FAILED_PRECONDITION', 'DISABLED', 400],
  ['ABORTED', 'UNAVAILABLE', 409],
  ['OUT_OF_RANGE', 'INVALID_REQUEST', 400],
  ['UNIMPLEMENTED', 'UNSUPPORTED', 501],
  ['INTERNAL', 'UNAVAILABLE', 500],
  ['UNAVAILABLE', 'UNAVAILABLE', 503],
  ['DATA_LOSS', 'INTEGRITY', 500],
  ['UNAUTHENTICATED', 'UNAUTHENTICATED', 401],
];

/** How the kit words each code (the secret named; NOT_FOUND in its own sentence). */
const PHRASE: Partial<Record<SecretsErrorCode, string>> = {
  UNAVAILABLE: 'unavailable',
  INVALID_REQUEST: 'invalid request',
  TIMEOUT: 'timed out',
  CONFLICT: 'conflict',
  ACCESS_DENIED: 'access denied',
  THROTTLED: 'throttled',
  DISABLED: 'disabled',
  UNSUPPORTED: 'unsupported',
  INTEGRITY: 'integrity check failed',
  UNAUTHENTICATED: 'not authenticated',
};

function expectedMessage(code: SecretsErrorCode, name: string, detail: string): string {
  if (code === 'NOT_FOUND') return `Google Secret Manager: secret "${name}" was not found (${detail})`;
  return `Google Secret Manager: ${PHRASE[code]} for "${name}" (${detail})`;
}

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, provider } = useFake(transport);

  it.each(WIRE_ROWS)('%s → %s, for an existing and a missing name', async (status, code, httpStatus) => {
    fake.put('existing', 'v');
    const p = provider();
    for (const name of ['existing', 'missing']) {
      fake.failNext(status);
      const error = await rejection(p.getSecret({ name }, context()));
      const detail = transport === 'rest' ? `${status}, HTTP ${httpStatus}` : status;
      expect(error).toMatchObject({
        code,
        retryable: RETRYABLE.has(code),
        provider: 'gcp-secret-manager',
        secretName: name,
        message: expectedMessage(code, name, detail),
      });
      expect(error.statusCode).toBe(transport === 'rest' ? httpStatus : undefined);
      const cause = error.cause as Error & Record<string, unknown>;
      expect(Object.getPrototypeOf(cause)).toBe(Error.prototype); // a copy, not the client's error
      expect(cause).toMatchObject({
        code: status,
        ...(transport === 'rest' ? { statusCode: httpStatus } : {}),
      });
    }
    expect(fake.calls.count('AccessSecretVersion')).toBe(2);
    await p.close();
  });

  it('PERMISSION_DENIED "(or it may not exist)" on a missing name stays ACCESS_DENIED', async () => {
    fake.failNext('PERMISSION_DENIED', { times: 2 });
    const p = provider();
    await expect(p.getSecret({ name: 'ghost' }, context())).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(p.getVersion({ name: 'ghost' }, context())).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await p.close();
  });

  it.each<[FaultName, SecretsErrorCode]>([
    ['RESOURCE_EXHAUSTED', 'THROTTLED'],
    ['UNAVAILABLE', 'UNAVAILABLE'],
  ])('%s with google.rpc.RetryInfo carries retryAfterMs', async (status, code) => {
    const p = provider();
    fake.failNext(status, { retryDelaySeconds: 7.5 });
    expect(await rejection(p.getSecret({ name: 'db' }, context()))).toMatchObject({
      code,
      retryAfterMs: 7500,
    });
    fake.failNext(status); // without RetryInfo: no advice
    expect((await rejection(p.getSecret({ name: 'db' }, context()))).retryAfterMs).toBeUndefined();
    await p.close();
  });

  it('RetryInfo on a permanent error is ignored', async () => {
    const p = provider();
    fake.failNext('PERMISSION_DENIED', { retryDelaySeconds: 30 });
    expect((await rejection(p.getSecret({ name: 'db' }, context()))).retryAfterMs).toBeUndefined();
    await p.close();
  });

  it('the cause keeps ErrorInfo.reason and RequestInfo.requestId, never the status message', async () => {
    const p = provider();
    fake.failNext('RESOURCE_EXHAUSTED', {
      reason: 'RATE_LIMIT_EXCEEDED',
      requestId: 'req-42',
      message: 'Quota exceeded for quota metric access requests',
    });
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    const detail =
      transport === 'rest'
        ? 'RESOURCE_EXHAUSTED, RATE_LIMIT_EXCEEDED, HTTP 429'
        : 'RESOURCE_EXHAUSTED, RATE_LIMIT_EXCEEDED';
    expect(error.message).toBe(`Google Secret Manager: throttled for "db" (${detail})`);
    expect(error.cause).toMatchObject({
      name: transport === 'rest' ? 'GoogleError' : 'Error',
      code: 'RESOURCE_EXHAUSTED',
      innerCode: 'RATE_LIMIT_EXCEEDED',
      requestId: 'req-42',
      message: 'RESOURCE_EXHAUSTED',
    });
    await p.close();
  });

  it('a gRPC or REST status a server answered is never worded as a dropped connection', async () => {
    const p = provider();
    fake.failNext('INTERNAL');
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    expect(error.message).not.toMatch(/connection/);
    expect(error.message).toMatch(/^Google Secret Manager: unavailable for "db" \(INTERNAL/);
    await p.close();
  });

  it('a failure without a response is UNAVAILABLE, and its message says the connection failed', async () => {
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
            },
          });
    if (transport === 'rest') fake.failNext('NETWORK_ERROR');
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, statusCode: undefined });
    expect(error.message).toBe(
      transport === 'rest'
        ? 'Google Secret Manager: no answer for "db", the connection failed (UNAVAILABLE)'
        : 'Google Secret Manager: no answer for "db", the connection failed (UNAVAILABLE, ECONNREFUSED)',
    );
    await p.close();
  }, 30_000);

  it('the cause carries no token: util.inspect(showHidden) shows no Bearer and no access token', async () => {
    const token = 'ya29.very-secret-access-token';
    const p = provider({ authClient: fakeAuthClient(token) });
    fake.failNext('PERMISSION_DENIED');
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    const printed = inspect(error, { depth: 10, showHidden: true });
    expect(printed).not.toMatch(/Bearer|authorization/i);
    expect(printed).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
    await p.close();
  });
});

describe('REST statuses without a google.rpc status body (a proxy or load balancer answering)', () => {
  const { fake, provider } = useFake('rest');
  const page = (status: number) => () =>
    new Response('<html><body>upstream trouble</body></html>', {
      status,
      headers: { 'content-type': 'text/html' },
    });

  it.each<[number, SecretsErrorCode]>([
    [400, 'INVALID_REQUEST'],
    [401, 'UNAUTHENTICATED'],
    [403, 'ACCESS_DENIED'],
    [404, 'UNAVAILABLE'], // Secret Manager's own 404 names NOT_FOUND in its body
    [408, 'TIMEOUT'],
    [409, 'CONFLICT'],
    [418, 'UNKNOWN'],
    [429, 'THROTTLED'],
    [500, 'UNAVAILABLE'],
    [502, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [504, 'TIMEOUT'],
    [599, 'UNAVAILABLE'],
  ])('HTTP %i with an HTML body → %s, statusCode kept', async (status, code) => {
    const p = provider();
    fake.answerNext(page(status));
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    expect(error).toMatchObject({ code, statusCode: status, secretName: 'db' });
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('upstream trouble');
    await p.close();
  });
});

describe('an auth client that cannot get a token (REST)', () => {
  const { fake, provider } = useFake('rest');

  it.each([
    ['Could not refresh access token: invalid_grant'],
    ['Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication'],
  ])('%s → UNAUTHENTICATED (not retried as UNAVAILABLE), no request sent', async (message) => {
    const auth = fakeAuthClient();
    (auth as unknown as { getRequestMetadataAsync: () => Promise<never> }).getRequestMetadataAsync =
      async () => {
        throw new Error(message);
      };
    const p = provider({ authClient: auth });
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false, secretName: 'db' });
    expect(error.message).toBe(
      'Google Secret Manager: not authenticated for "db" (GoogleError, CredentialsUnavailable)',
    );
    expect(fake.calls.count()).toBe(0);
    await p.close();
  });
});

describe('failures the kit maps from their facts (no wire needed to make them)', () => {
  const kit = createGcpKit(() => []);
  const grpcLocal = (code: number, details: string) =>
    Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { get: () => [] } });

  const rows: Array<[string, unknown, SecretsErrorCode]> = [
    [
      'grpc-js UNAVAILABLE without a server (ECONNREFUSED)',
      grpcLocal(14, 'No connection established. Last error: connect ECONNREFUSED'),
      'UNAVAILABLE',
    ],
    [
      'grpc-js: a call credential failed',
      grpcLocal(14, 'Getting metadata from plugin failed with error: Could not refresh access token'),
      'UNAUTHENTICATED',
    ],
    ['grpc-js DEADLINE_EXCEEDED locally', grpcLocal(4, 'Deadline exceeded'), 'TIMEOUT'],
    [
      'ECONNREFUSED',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'UNAVAILABLE',
    ],
    ['fetch failed', new TypeError('fetch failed'), 'UNAVAILABLE'],
    ['ETIMEDOUT', Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), 'TIMEOUT'],
    ['no default credentials', new Error('Could not load the default credentials.'), 'UNAUTHENTICATED'],
    [
      'a GaxiosError outside gax',
      Object.assign(new Error('{"error":"x"}'), { name: 'GaxiosError', response: { status: 403 } }),
      'ACCESS_DENIED',
    ],
    ['AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ABORTED'],
    ['a foreign TypeError', new TypeError('x is not a function'), 'UNKNOWN'],
    ['a thrown string', 'boom', 'UNKNOWN'],
  ];

  it.each(rows)('%s → %s', (_, error, code) => {
    const mapped = kit.fromError(error, { name: 'db' });
    expect(mapped).toMatchObject({
      code,
      retryable: RETRYABLE.has(code),
      secretName: 'db',
      provider: 'gcp-secret-manager',
    });
    expect(mapped.cause).not.toBe(error);
  });

  it('an aborted signal makes any failure ABORTED', () => {
    const controller = new AbortController();
    controller.abort();
    expect(kit.fromError(grpcLocal(14, 'x'), { name: 'db', signal: controller.signal }).code).toBe('ABORTED');
  });
});
