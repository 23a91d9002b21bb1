// The fake's wire as a user's test sees it, through fetch: Doppler's error bodies, auth forms, the
// project/config answers, If-None-Match forms, the rate limit, and what `put` refuses.
import { createFakeClock } from '@secretkit/fake-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportUnhandledToGuard } from '../../../test-setup/msw.js';
import { createDopplerFake } from '../src/testing/index.js';
import { context, fake, provider } from './fixtures.js';

const download = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${fake.apiUrl}/v3/configs/config/secrets/download?${query}`, {
    headers: { authorization: `Bearer ${fake.personalToken}`, ...headers },
  });

async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
}

describe('the download endpoint', () => {
  it('answers 400, 404 (project, then config) with Doppler bodies', async () => {
    fake.addConfig({ project: 'billing', config: 'prd' });
    expect(await answer(await download('format=json'))).toEqual({
      status: 400,
      type: 'application/json',
      text: '{"messages":["You must specify a project"],"success":false}',
    });
    expect((await answer(await download('project=nope&config=dev&format=json'))).text).toBe(
      '{"messages":["Could not find requested project"],"success":false}',
    );
    expect((await answer(await download('project=billing&config=dev&format=json'))).text).toBe(
      '{"messages":["Could not find requested config"],"success":false}',
    );
  });

  it('401 without a token or with an unknown one', async () => {
    const none = await fetch(`${fake.apiUrl}/v3/configs/config/secrets/download?format=json`);
    expect(await answer(none)).toEqual({
      status: 401,
      type: 'application/json',
      text: '{"messages":["Invalid Auth token"],"success":false}',
    });
    expect((await download('format=json', { authorization: 'Bearer dp.st.dev.unknown' })).status).toBe(401);
  });

  it('takes the token as a Basic user name too, as older clients send it', async () => {
    fake.put('A', 'a');
    const basic = Buffer.from(`${fake.serviceToken}:`).toString('base64');
    const response = await download('format=json&secrets=A', { authorization: `Basic ${basic}` });
    expect(await response.json()).toEqual({
      A: 'a',
      DOPPLER_CONFIG: 'dev',
      DOPPLER_ENVIRONMENT: 'dev',
      DOPPLER_PROJECT: 'example-project',
    });
  });

  it('If-None-Match: a list, a weak tag or * is a 304 with the ETag; a stale one a 200', async () => {
    const etag = fake.put('A', 'a');
    const query = 'project=example-project&config=dev&format=json';
    for (const tag of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const response = await download(query, { 'if-none-match': tag });
      expect([response.status, response.headers.get('etag'), await response.text()]).toEqual([304, etag, '']);
    }
    const stale = await download(query, { 'if-none-match': '"stale"' });
    expect([stale.status, stale.headers.get('etag')]).toEqual([200, etag]);
  });

  it('failNext answers 5xx as the API (JSON) or its edge (HTML, empty) does', async () => {
    fake.failNext(500);
    fake.failNext(502);
    fake.failNext({ status: 503, body: 'empty', retryAfter: '9' });
    expect(await answer(await download('format=json'))).toEqual({
      status: 500,
      type: 'application/json',
      text: '{"messages":["Internal server error"],"success":false}',
    });
    const edge = await answer(await download('format=json'));
    expect([edge.status, edge.type, edge.text.includes('<h1>502 Bad Gateway</h1>')]).toEqual([
      502,
      'text/html',
      true,
    ]);
    const empty = await download('format=json');
    expect([empty.status, empty.headers.get('retry-after'), await empty.text()]).toEqual([503, '9', '']);
    expect(fake.calls.log.map((call) => call.status)).toEqual([500, 502, 503]);
  });

  it('failNext matches requests by their filter', async () => {
    fake.put('A', 'a');
    fake.put('B', 'b');
    fake.failNext('UNAUTHENTICATED', { match: (request) => request.secrets?.includes('B') ?? false });
    const doppler = provider();
    expect((await doppler.getSecret({ name: 'A' }, context())).value).toBe('a');
    await expect(doppler.getSecret({ name: 'B' }, context())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await doppler.getSecret({ name: 'B' }, context())).value).toBe('b');
  });

  it('put refuses what Doppler refuses; reset forgets added configs', () => {
    expect(() => fake.put('DOPPLER_CONFIG', 'x')).toThrow(TypeError);
    expect(() => fake.put('A-B', 'x')).toThrow(TypeError);
    expect(() => fake.put('A', new Uint8Array([1]) as never)).toThrow('Doppler values are strings');
    fake.addConfig({ project: 'billing', config: 'prd' });
    fake.reset();
    expect(() => fake.put('A', 'x', { project: 'billing', config: 'prd' })).toThrow(/no config billing\/prd/);
    expect(() => fake.failNext('INTEGRITY')).toThrow(
      'doppler fake: Doppler has no answer that means INTEGRITY',
    );
  });
});

describe('the rate limit', () => {
  const clock = createFakeClock(Date.UTC(2026, 0, 1, 12, 0, 45));
  const limited = createDopplerFake({ requestsPerMinute: 2, clock, onUnhandled: reportUnhandledToGuard });
  beforeAll(() => limited.listen());
  afterAll(() => limited.close());

  it('answers 429 with Retry-After (seconds to the next minute) past the limit, per token', async () => {
    limited.put('A', 'a');
    const doppler = provider({ token: limited.serviceToken, apiUrl: limited.apiUrl });
    await doppler.getSecret({ name: 'A' }, context());
    await doppler.getSecret({ name: 'A' }, context());
    await expect(doppler.getSecret({ name: 'A' }, context())).rejects.toMatchObject({
      code: 'THROTTLED',
      retryable: true,
      retryAfterMs: 15_000,
    });
    const other = provider({
      token: limited.personalToken,
      apiUrl: limited.apiUrl,
      project: limited.project,
      config: limited.config,
    });
    expect((await other.getSecret({ name: 'A' }, context())).value).toBe('a');
    clock.advance(15_000);
    expect((await doppler.getSecret({ name: 'A' }, context())).value).toBe('a');
    expect(limited.calls.log.map((call) => call.status)).toEqual([200, 200, 429, 200, 200]);
  });
});
