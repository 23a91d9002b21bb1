// The defects an adversarial review found in this adapter (issue 11), one test each, through the
// real SDK against the fake: malformed 2xx answers are UNAVAILABLE and never quote the body,
// echoed credentials and values never reach an error, corrupt dates are never served.
import { createCanaries, defineCanary, findLeaks, seededRandom } from '@secretkit/conformance';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeCredential } from '../src/testing/index.js';
import { context, rejection, testClient, testProvider, useFake, VAULT_URL } from './harness.js';

const fake = useFake();
afterEach(() => {
  vi.useRealTimers(); // after the tests that fake the clock, passed or failed
});
const canaries = createCanaries(11);
const VALUE = canaries.value;

/** A canary that is a plain identifier (letters and digits only), as a token or value may be. */
function identifierCanary(kind: 'token' | 'value', seed: number) {
  const random = seededRandom(seed);
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const text = `${kind === 'token' ? 'T' : 'V'}${Array.from({ length: 31 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')}`;
  return defineCanary(kind, text);
}

const bundle = (value: string, attributes = '{"enabled":true,"created":1700000000}') =>
  `{"value":${value},"id":"${VAULT_URL}/secrets/app/0123456789abcdef0123456789abcdef","attributes":${attributes}}`;

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describe('defect 1 and §5: a malformed 2xx is UNAVAILABLE and never quotes its body', () => {
  it.each<[string, Record<string, string>, string]>([
    ['truncated JSON, cut inside the value', JSON_TYPE, bundle(JSON.stringify(VALUE)).slice(0, 30)],
    ['truncated JSON, cut after the value', JSON_TYPE, bundle(JSON.stringify(VALUE)).slice(0, -20)],
    ['the value unquoted in JSON', JSON_TYPE, bundle(VALUE)],
    ['the bare value as JSON', JSON_TYPE, VALUE],
    ['the bare value as text', { 'content-type': 'text/plain' }, VALUE],
    ['an HTML page from a proxy', { 'content-type': 'text/html' }, `<html><body>${VALUE}</body></html>`],
    ['JSON without an id', JSON_TYPE, `{"value":${JSON.stringify(VALUE)}}`],
    ['a JSON array', JSON_TYPE, `[${JSON.stringify(VALUE)}]`],
    ['a number as the value', JSON_TYPE, bundle('5')],
  ])('%s', async (_label, headers, body) => {
    fake.put('app', VALUE);
    fake.answerNext({ status: 200, headers, body });
    const error = await rejection(testProvider().getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, secretName: 'app', statusCode: 200 });
    expect(error.message).toMatch(/^Azure Key Vault: the answer for "app" was malformed \(/);
    expect(findLeaks(error, canaries)).toEqual([]);
    expect(fake.calls.count('getSecret')).toBe(1);
  });

  it.each([
    {
      title: 'a truncated 200 keeps HTTP 200 as the status and drops the parse error text',
      answer: { headers: JSON_TYPE, body: bundle(JSON.stringify(VALUE)).slice(0, 30) },
      message: 'Azure Key Vault: the answer for "app" was malformed (PARSE_ERROR, HTTP 200)',
      cause: { name: 'RestError', code: 'PARSE_ERROR', message: 'the response body could not be parsed' },
    },
    {
      title: 'an HTML 200 keeps HTTP 200 and the SDK error name, not its text',
      answer: { headers: { 'content-type': 'text/html' }, body: `<p>${VALUE}</p>` },
      message: 'Azure Key Vault: the answer for "app" was malformed (HTTP 200)',
      cause: { name: 'TypeError', message: 'the answer could not be read as Key Vault data' },
    },
  ])('$title', async ({ answer, message, cause }) => {
    fake.answerNext({ status: 200, ...answer });
    const error = await rejection(testProvider().getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({ statusCode: 200, message });
    expect(error.cause).toMatchObject({ ...cause, statusCode: 200 });
  });

  it.each<[string, (provider: ReturnType<typeof testProvider>) => Promise<unknown>]>([
    ['setSecret', (provider) => provider.setSecret('app', VALUE, context())],
    ['deleteSecret', (provider) => provider.deleteSecret('app', context())],
    [
      'listSecrets',
      async (provider) => {
        for await (const _entry of provider.listSecrets(context())) {
          // drained
        }
      },
    ],
  ])('%s: an HTML 200 is UNAVAILABLE too', async (_operation, call) => {
    fake.put('app', VALUE);
    fake.answerNext({ status: 200, headers: { 'content-type': 'text/html' }, body: `<p>${VALUE}</p>` });
    const error = await rejection(call(testProvider()));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, statusCode: 200 });
    expect(findLeaks(error, canaries)).toEqual([]);
  });

  it('through a client: past ttl, a malformed answer serves the last good value stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: the SDK and msw keep real timers
    fake.put('app', 'good');
    const client = testClient({ cache: { ttl: 1000, staleIfError: 60_000 } });
    expect(await client.get('app')).toBe('good');
    vi.setSystemTime(Date.now() + 2000);
    fake.answerNext({ status: 200, headers: { 'content-type': 'text/html' }, body: '<p>proxy</p>' });
    const stale = await client.getSecret('app');
    expect([stale.text(), stale.stale]).toEqual(['good', true]);
    expect(fake.calls.count('getSecret')).toBe(2);
    await client.close();
  });
});

describe('defect 3: credentials echoed back are scrubbed', () => {
  it('the bearer token echoed as the error code, the request id and in the message', async () => {
    const token = identifierCanary('token', 31);
    fake.answerNext({
      status: 401,
      headers: { ...JSON_TYPE, 'x-ms-request-id': token.text, 'www-authenticate': `Bearer ${token.text}` },
      body: JSON.stringify({
        error: {
          code: token.text,
          message: `token ${token.text} is invalid`,
          innererror: { code: token.text },
        },
      }),
    });
    const error = await rejection(
      testProvider({ credential: fakeCredential({ token: token.text }) }).getSecret(
        { name: 'app' },
        context(),
      ),
    );
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', statusCode: 401 });
    expect(findLeaks(error, [token])).toEqual([]);
  });

  it('a credential whose getToken fails quoting its token: UNAUTHENTICATED, the message dropped', async () => {
    const token = identifierCanary('token', 32);
    const credential = {
      async getToken(): Promise<never> {
        throw new Error(`could not refresh ${token.text}: expired (token=${token.text})`);
      },
    };
    const error = await rejection(testProvider({ credential }).getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    expect(error.cause).toMatchObject({ name: 'Error', message: 'the credential could not get a token' });
    expect(findLeaks(error, [token, ...canaries.list])).toEqual([]);
  });
});

describe('defect 4: a server error text quoting a value is never copied', () => {
  it.each([
    ['an identifier', identifierCanary('value', 41)],
    ['quotes, spaces and a newline', canaries.list.find((canary) => canary.kind === 'value')!],
  ])('a read whose error text quotes the stored value (%s), unquoted and quoted', async (_label, value) => {
    fake.put('app', value.text);
    fake.answerNext({
      status: 400,
      headers: JSON_TYPE,
      body: JSON.stringify({
        error: {
          code: 'BadParameter',
          message: `bad value ${value.text} in "${value.text}"`,
          innererror: { code: 'Echo', message: value.text },
        },
      }),
    });
    const error = await rejection(testProvider().getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', statusCode: 400 });
    expect(error.cause).toMatchObject({ code: 'BadParameter', innerCode: 'Echo', message: 'BadParameter' });
    expect(findLeaks(error, [value])).toEqual([]);
  });

  it('setSecret: a server quoting the value written back, in its message, code and request id', async () => {
    const value = identifierCanary('value', 42);
    fake.answerNext(
      {
        status: 400,
        headers: { ...JSON_TYPE, 'x-ms-request-id': value.text },
        body: JSON.stringify({
          error: { code: value.text, message: `secret value ${value.text} exceeds the maximum size` },
        }),
      },
      { operations: ['setSecret'] },
    );
    const error = await rejection(testProvider().setSecret('app', value.text, context()));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', statusCode: 400 });
    expect(findLeaks(error, [value])).toEqual([]);
    expect(fake.calls.count('setSecret')).toBe(1);
  });

  it('setSecret: the canary value (quotes, spaces, a newline) echoed in a 409', async () => {
    fake.answerNext(
      {
        status: 409,
        headers: JSON_TYPE,
        body: JSON.stringify({ error: { code: 'Conflict', message: `cannot store ${VALUE}` } }),
      },
      { operations: ['setSecret'] },
    );
    const error = await rejection(testProvider().setSecret('app', VALUE, context()));
    expect(error.code).toBe('CONFLICT');
    expect(findLeaks(error, canaries)).toEqual([]);
  });
});

describe('defect 12: a date Key Vault did not send is never served', () => {
  it.each<[string, string, string]>([
    ['a garbage exp', '{"enabled":true,"exp":"soon"}', 'exp'],
    ['an exp of 0', '{"enabled":true,"exp":0}', 'exp'],
    ['an exp past the Date range', '{"enabled":true,"exp":1e20}', 'exp'],
    ['a garbage nbf', '{"enabled":true,"nbf":"later"}', 'nbf'],
    ['a garbage created', '{"enabled":true,"created":{}}', 'created'],
  ])('%s is a malformed answer: UNAVAILABLE, retryable', async (_label, attributes, field) => {
    fake.answerNext({ status: 200, headers: JSON_TYPE, body: bundle(JSON.stringify(VALUE), attributes) });
    const error = await rejection(testProvider().getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: 200,
      message: `Azure Key Vault: the answer for "app" was malformed (its "${field}" attribute is not a date)`,
    });
    expect(findLeaks(error, canaries)).toEqual([]);
  });

  it('valid Unix seconds still give Dates', async () => {
    fake.answerNext({
      status: 200,
      headers: JSON_TYPE,
      body: bundle('"v"', '{"enabled":true,"created":1700000000,"exp":4102444800}'),
    });
    const record = await testProvider().getSecret({ name: 'app' }, context());
    expect(record.expiresAt?.toISOString()).toBe('2100-01-01T00:00:00.000Z');
    expect(record.createdAt?.getTime()).toBe(1_700_000_000_000);
  });
});

describe('defect 13: core timing out a slow answer of the fake leaves no uncaught error', () => {
  /** Runs `body` and returns every uncaught exception and unhandled rejection meanwhile. */
  async function uncaughtDuring(body: () => Promise<void>): Promise<unknown[]> {
    const seen: unknown[] = [];
    const record = (error: unknown) => seen.push(error);
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    try {
      await body();
      // The stray 'error' of an aborted request came a microtask after the abort; give it turns.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    }
    return seen;
  }

  it('with real short timers: TIMEOUT, the fake saw the aborted request, nothing uncaught', async () => {
    fake.put('slow', 'v');
    const provider = testProvider(); // one SDK client, so both reads share its kept-alive socket
    const warm = testClient({}, provider);
    const strict = testClient({ timeout: 50 }, provider);
    const uncaught = await uncaughtDuring(async () => {
      expect(await warm.get('slow')).toBe('v'); // answers first: the challenge, then the secret
      fake.delayNext(60_000); // held until the client gives up
      await expect(strict.get('slow')).rejects.toMatchObject({ code: 'TIMEOUT', secretName: 'slow' });
    });
    expect(uncaught).toEqual([]);
    expect(fake.calls.log.map((call) => [call.operation, call.status])).toEqual([
      ['getSecret', 200],
      ['getSecret', 0],
    ]);
    expect(fake.calls.log.at(-1)?.code).toBe('ClientAborted');
    await Promise.all([warm.close(), strict.close()]);
  });

  it('with fake timers: the same', async () => {
    fake.put('slow', 'v');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = testClient({ timeout: '2s' });
    const uncaught = await uncaughtDuring(async () => {
      const first = client.get('slow');
      await vi.advanceTimersByTimeAsync(10);
      expect(await first).toBe('v');
      fake.delayNext(60_000);
      const slow = client.refresh('slow');
      const settled = expect(slow).rejects.toMatchObject({ code: 'TIMEOUT' });
      await vi.advanceTimersByTimeAsync(2100);
      await settled;
    });
    expect(uncaught).toEqual([]);
    expect(fake.calls.count('getSecret')).toBe(2);
    await client.close();
  });
});
