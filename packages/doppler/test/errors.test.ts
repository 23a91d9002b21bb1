// The error table, one row per mapping, through fetch against the fake: native faults (Doppler's
// JSON bodies, an edge's HTML or empty 5xx, a dropped connection) and malformed 2xx answers.
import { isSecretsError, type SecretsError } from '@secretkit/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { DopplerFaultSpec } from '../src/testing/index.js';
import { context, fake, provider } from './fixtures.js';

const DOWNLOAD = () => `${fake.apiUrl}/v3/configs/config/secrets/download`;

async function failure(read: Promise<unknown>): Promise<SecretsError> {
  const error = await read.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isSecretsError(error)) throw new Error(`expected a SecretsError, got ${String(error)}`);
  return error;
}

interface Row {
  fault: DopplerFaultSpec;
  code: string;
  retryable: boolean;
  statusCode: number | undefined;
  retryAfterMs: number | undefined;
  message: string;
}

const rows: Array<[string, Row]> = [
  [
    '401 Invalid Auth token',
    {
      fault: 401,
      code: 'UNAUTHENTICATED',
      retryable: false,
      statusCode: 401,
      retryAfterMs: undefined,
      message: 'Doppler: not authenticated for "DB_URL" (HTTP 401)',
    },
  ],
  [
    '403 no access to the config',
    {
      fault: 403,
      code: 'ACCESS_DENIED',
      retryable: false,
      statusCode: 403,
      retryAfterMs: undefined,
      message: 'Doppler: access denied for "DB_URL" (HTTP 403)',
    },
  ],
  [
    '404 project or config not found',
    {
      fault: 404,
      code: 'NOT_FOUND',
      retryable: false,
      statusCode: 404,
      retryAfterMs: undefined,
      message: 'Doppler: secret "DB_URL" was not found (HTTP 404)',
    },
  ],
  [
    '400 bad request',
    {
      fault: 400,
      code: 'INVALID_REQUEST',
      retryable: false,
      statusCode: 400,
      retryAfterMs: undefined,
      message: 'Doppler: invalid request for "DB_URL" (HTTP 400)',
    },
  ],
  [
    '429 with Retry-After',
    {
      fault: { status: 429, retryAfter: '7' },
      code: 'THROTTLED',
      retryable: true,
      statusCode: 429,
      retryAfterMs: 7000,
      message: 'Doppler: throttled for "DB_URL" (HTTP 429)',
    },
  ],
  [
    '429 without Retry-After',
    {
      fault: { status: 429, retryAfter: '' },
      code: 'THROTTLED',
      retryable: true,
      statusCode: 429,
      retryAfterMs: undefined,
      message: 'Doppler: throttled for "DB_URL" (HTTP 429)',
    },
  ],
  [
    '500 with a JSON body',
    {
      fault: { status: 500, body: 'json' },
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: 500,
      retryAfterMs: undefined,
      message: 'Doppler: unavailable for "DB_URL" (HTTP 500)',
    },
  ],
  [
    '502 HTML page from the edge',
    {
      fault: 502,
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: 502,
      retryAfterMs: undefined,
      message: 'Doppler: unavailable for "DB_URL" (HTTP 502)',
    },
  ],
  [
    '503 empty body with Retry-After',
    {
      fault: { status: 503, body: 'empty', retryAfter: '5' },
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: 503,
      retryAfterMs: 5000,
      message: 'Doppler: unavailable for "DB_URL" (HTTP 503)',
    },
  ],
  [
    '504 is UNAVAILABLE, not TIMEOUT (every 5xx is)',
    {
      fault: 504,
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: 504,
      retryAfterMs: undefined,
      message: 'Doppler: unavailable for "DB_URL" (HTTP 504)',
    },
  ],
  [
    'a dropped connection',
    {
      fault: 'drop',
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: undefined,
      retryAfterMs: undefined,
      message: 'Doppler: no answer for "DB_URL", the connection failed (TypeError)',
    },
  ],
];

describe('error table (native faults)', () => {
  it.each(rows)('%s', async (_label, row) => {
    fake.put('DB_URL', 'postgres://db');
    fake.failNext(row.fault);
    const error = await failure(provider().getSecret({ name: 'DB_URL' }, context()));
    expect({
      code: error.code,
      retryable: error.retryable,
      statusCode: error.statusCode,
      retryAfterMs: error.retryAfterMs,
      message: error.message,
      provider: error.provider,
      secretName: error.secretName,
    }).toEqual({ ...row, fault: undefined, provider: 'doppler', secretName: 'DB_URL' } as never);
    expect(fake.calls.count()).toBe(1);
  });

  it('keeps only facts in the cause: the name, the status, never the body', async () => {
    fake.failNext({ status: 403, messages: ['no access for "postgres://db"'] });
    const error = await failure(provider().getSecret({ name: 'DB_URL' }, context()));
    expect(error.cause).toMatchObject({ name: 'DopplerHttpError', statusCode: 403 });
    expect(String((error.cause as Error).message)).toBe('Doppler answered HTTP 403');
  });

  it('a connection dropped on the socket keeps the system code', async () => {
    const socket = await fake.listenOnSocket();
    try {
      fake.failNext('drop');
      const error = await failure(provider({ apiUrl: socket.url }).getSecret({ name: 'DB_URL' }, context()));
      expect(error.code).toBe('UNAVAILABLE');
      const systemCode = (error.cause as { systemCode?: string }).systemCode;
      expect(systemCode).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
      expect(error.message).toBe(`Doppler: no answer for "DB_URL", the connection failed (${systemCode})`);
    } finally {
      await socket.close();
    }
  });
});

describe('error table (answers the adapter cannot read)', () => {
  const malformed: Array<[string, () => Response, string]> = [
    ['an HTML 200 from a proxy', () => HttpResponse.html('<html>Sign in</html>'), 'the body is not JSON'],
    ['a JSON array', () => HttpResponse.json(['DB_URL']), 'the body is not a JSON object'],
    ['a value that is not a string', () => HttpResponse.json({ DB_URL: 5432 }), 'a value is not a string'],
    [
      'a truncated body',
      () => new HttpResponse('{"DB_URL":"postgres:', { status: 200 }),
      'the body is not JSON',
    ],
    [
      'an ETag too long to send back',
      () => HttpResponse.json({ DB_URL: 'x' }, { headers: { etag: `"${'a'.repeat(300)}"` } }),
      'the ETag header is not usable',
    ],
    [
      'a 304 to an unconditional request',
      () => new HttpResponse(null, { status: 304 }),
      'a 304 to an unconditional request',
    ],
  ];

  it.each(malformed)('%s is UNAVAILABLE (retryable), never NOT_FOUND', async (_label, answer, what) => {
    fake.host.use(http.get(DOWNLOAD(), answer, { once: true }));
    const error = await failure(provider().getSecret({ name: 'DB_URL' }, context()));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`Doppler: the answer for "DB_URL" was malformed (${what})`);
    expect(error.cause).toBeUndefined();
  });

  it('a good download without the key is NOT_FOUND naming the secret', async () => {
    fake.put('OTHER', 'x');
    const error = await failure(provider().getSecret({ name: 'DB_URL' }, context()));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.secretName).toBe('DB_URL');
    expect(error.message).toBe('Doppler: secret "DB_URL" was not found');
    expect(fake.calls.log).toMatchObject([{ status: 200, secrets: 'DB_URL' }]);
  });
});
