// @secretkit/core/adapter: the shared error table, Retry-After, and the error builder every adapter
// is made with (uniform messages, cleaned causes, ABORTED on an aborted signal).
import { describe, expect, it } from 'vitest';
import {
  codeForFacts,
  DEFAULT_STATUS_CODES,
  defineAdapter,
  type ErrorFacts,
  parseRetryAfter,
} from '../src/adapter/index.js';
import { SecretsError, type SecretsErrorCode } from '../src/index.js';

const kit = defineAdapter({
  provider: 'test-provider',
  label: 'Test Service',
  factory: 'testService',
  describe: (error) => error as ErrorFacts,
  byServiceCode: { SecretGone: 'NOT_FOUND', Busy: 'THROTTLED', INTERNAL: 'UNAVAILABLE' },
  byStatus: { 412: 'UNAVAILABLE' },
  classify: (facts) =>
    facts.status === 403 && facts.innerCode === 'SecretDisabled' ? 'DISABLED' : undefined,
  credentials: () => ['tok-CANARY-credential'],
});

describe('codeForFacts', () => {
  const rows: Array<[string, ErrorFacts, SecretsErrorCode]> = [
    ['the rule first', { name: 'E', status: 403, innerCode: 'SecretDisabled' }, 'DISABLED'],
    ['service code over status', { name: 'E', serviceCode: 'SecretGone', status: 400 }, 'NOT_FOUND'],
    ['status override', { name: 'E', status: 412 }, 'UNAVAILABLE'],
    ['401', { name: 'E', status: 401 }, 'UNAUTHENTICATED'],
    ['403', { name: 'E', status: 403 }, 'ACCESS_DENIED'],
    ['404', { name: 'E', status: 404 }, 'NOT_FOUND'],
    ['429', { name: 'E', status: 429 }, 'THROTTLED'],
    ['504', { name: 'E', status: 504 }, 'TIMEOUT'],
    ['other 5xx', { name: 'E', status: 599 }, 'UNAVAILABLE'],
    ['other 4xx', { name: 'E', status: 418 }, 'UNKNOWN'],
    ['malformed 2xx', { name: 'SyntaxError', status: 200, malformedBody: true }, 'UNAVAILABLE'],
    ['refused', { name: 'Error', systemCode: 'ECONNREFUSED' }, 'UNAVAILABLE'],
    ['reset', { name: 'Error', systemCode: 'ECONNRESET' }, 'UNAVAILABLE'],
    ['undici socket', { name: 'TypeError', systemCode: 'UND_ERR_SOCKET' }, 'UNAVAILABLE'],
    ['no response flag', { name: 'TypeError', noResponse: true }, 'UNAVAILABLE'],
    ['timed out', { name: 'Error', systemCode: 'ETIMEDOUT' }, 'TIMEOUT'],
    ['TimeoutError', { name: 'TimeoutError' }, 'TIMEOUT'],
    ['anything else', { name: 'TypeError' }, 'UNKNOWN'],
  ];
  it.each(rows)('%s', (_label, facts, code) => {
    expect(kit.codeFor(facts)).toBe(code);
  });

  it('never says NOT_FOUND for an auth or network failure without a table saying so', () => {
    for (const facts of [
      { name: 'E', status: 401 },
      { name: 'E', status: 403 },
      { name: 'E', systemCode: 'ENOTFOUND' },
    ]) {
      expect(codeForFacts(facts)).not.toBe('NOT_FOUND');
    }
  });

  it('has the common HTTP statuses in its default table', () => {
    expect(DEFAULT_STATUS_CODES[404]).toBe('NOT_FOUND');
    expect(DEFAULT_STATUS_CODES[503]).toBe('UNAVAILABLE');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const rows: Array<[unknown, number | undefined]> = [
    ['120', 120_000],
    ['1.5', 1500],
    [' 7 ', 7000],
    [3, 3000],
    ['Tue, 01 Dec 2026 00:00:30 GMT', 30_000],
    ['Mon, 30 Nov 2026 00:00:00 GMT', 0],
    ['-5', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['99999999999', 86_400_000],
  ];
  it.each(rows)('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('defineAdapter().fromError', () => {
  it('names the secret in every NOT_FOUND', () => {
    const error = kit.fromError(
      { name: 'RestError', status: 404, serviceCode: 'SecretGone' },
      { name: 'db' },
    );
    expect(error).toBeInstanceOf(SecretsError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Test Service: secret "db" was not found (SecretGone, HTTP 404)');
    expect(error.provider).toBe('test-provider');
    expect(error.secretName).toBe('db');
    expect(error.statusCode).toBe(404);
  });

  it('says a dropped connection failed', () => {
    const error = kit.fromError({ name: 'TypeError', systemCode: 'ECONNRESET', message: 'fetch failed' });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('Test Service: no answer for the request, the connection failed (ECONNRESET)');
    expect(error.retryable).toBe(true);
  });

  it('says the connection failed only when nothing answered', () => {
    const answered = kit.fromFacts({ name: 'Error', serviceCode: 'INTERNAL' }, { name: 'db' });
    expect([answered.code, answered.message]).toEqual([
      'UNAVAILABLE',
      'Test Service: unavailable for "db" (INTERNAL)',
    ]);
  });

  it('attaches Retry-After to THROTTLED and UNAVAILABLE only', () => {
    expect(kit.fromError({ name: 'E', status: 429, retryAfter: '2' }).retryAfterMs).toBe(2000);
    expect(kit.fromError({ name: 'E', status: 503, retryAfter: '3' }).retryAfterMs).toBe(3000);
    expect(kit.fromError({ name: 'E', status: 403, retryAfter: '3' }).retryAfterMs).toBeUndefined();
  });

  it('is ABORTED once the signal aborted, whatever the SDK said', () => {
    const controller = new AbortController();
    controller.abort();
    const error = kit.fromError({ name: 'E', status: 500 }, { name: 'db', signal: controller.signal });
    expect(error.code).toBe('ABORTED');
    expect(error.provider).toBe('test-provider');
    const passed = new SecretsError('NOT_FOUND', 'x');
    expect(kit.fromError(passed, { signal: controller.signal }).code).toBe('ABORTED');
    expect(kit.fromError(passed)).toBe(passed);
  });

  it('keeps only identifiers and numbers in the cause, never the thrown object', () => {
    const thrown: ErrorFacts = {
      name: 'RestError',
      serviceCode: 'Forbidden',
      innerCode: 'ForbiddenByRbac',
      status: 403,
      requestId: 'req-42',
      message: 'Caller is not authorized',
    };
    const error = kit.fromError(thrown, { name: 'db' });
    const cause = error.cause as Record<string, unknown>;
    expect(cause).not.toBe(thrown);
    expect(cause).toBeInstanceOf(Error);
    expect({
      ...cause,
      name: (cause as unknown as Error).name,
      message: (cause as unknown as Error).message,
    }).toEqual({
      name: 'RestError',
      message: 'Caller is not authorized',
      code: 'Forbidden',
      innerCode: 'ForbiddenByRbac',
      statusCode: 403,
      requestId: 'req-42',
    });
  });

  it('drops hostile names, codes and request ids a server chose', () => {
    const error = kit.fromError({
      name: 'E "VALUE-CANARY"',
      serviceCode: 'VALUE CANARY with spaces',
      status: 400,
      requestId: 'id with "VALUE-CANARY"',
    });
    const cause = error.cause as Record<string, unknown>;
    expect(
      JSON.stringify({ message: error.message, cause, name: (cause as unknown as Error).name }),
    ).not.toContain('CANARY');
  });

  it('scrubs the adapter credentials and the values of the call from the cause', () => {
    const error = kit.fromError(
      {
        name: 'E',
        status: 400,
        message: 'token tok-CANARY-credential rejected; value s3cr3t-VALUE is invalid',
      },
      { name: 'db', values: ['s3cr3t-VALUE', new TextEncoder().encode('other-VALUE')] },
    );
    const cause = error.cause as Error;
    expect(cause.message).not.toContain('CANARY');
    expect(cause.message).not.toContain('s3cr3t-VALUE');
    expect(cause.message).toContain('[redacted]');
  });

  it('builds CONFIG, malformed and NOT_FOUND errors uniformly', () => {
    expect(kit.configError('unknown option "regoin"').message).toBe('testService: unknown option "regoin"');
    const malformed = kit.malformed('db', 'the body is not JSON');
    expect([malformed.code, malformed.retryable]).toEqual(['UNAVAILABLE', true]);
    expect(malformed.message).toBe('Test Service: the answer for "db" was malformed (the body is not JSON)');
    expect(kit.notFound('db').message).toBe('Test Service: secret "db" was not found');
  });
});

describe('defineAdapter: echoes and facts read by the adapter', () => {
  it('drops an identifier that echoes a credential or a value of the call', () => {
    const error = kit.fromError(
      { name: 'E', serviceCode: 'tok-CANARY-credential', requestId: 'VALUE-written-1', status: 400 },
      { name: 'db', values: ['VALUE-written-1'] },
    );
    const cause = error.cause as Record<string, unknown>;
    expect(error.message).toBe('Test Service: invalid request for "db" (HTTP 400)');
    expect([cause.code, cause.requestId]).toEqual([undefined, undefined]);
  });

  it('builds from facts the adapter read itself, and sets a status on malformed and not-found errors', () => {
    const error = kit.fromFacts({ name: 'BatchItem', serviceCode: 'Busy' }, { name: 'db' });
    expect([error.code, error.secretName, error.message]).toEqual([
      'THROTTLED',
      'db',
      'Test Service: throttled for "db" (Busy)',
    ]);
    expect(kit.malformed('db', 'no value', 200).statusCode).toBe(200);
    expect(kit.notFound('db', undefined, 200).statusCode).toBe(200);
  });
});
