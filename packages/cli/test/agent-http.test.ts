// secretkit agent as a real process: GET /v1/secret, the check order (X-Forwarded-For → method →
// token), the health routes, every error code's HTTP status with a {code, message} body, the
// request limits, and no value or token in any error body or log line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, type Reply, secretPath, send, startAgentProcess } from './fixtures/agent-http.js';
import { useAwsFake } from './helpers/aws-fake.js';
import { canary, tempDir, waitFor } from './helpers.js';

const TOKEN = canary('token');
const VALUE = canary('value');
const CREDENTIAL = canary('aws-secret-key');
const dir = tempDir('secretkit-agent-');
const aws = useAwsFake();
const { fake } = aws;
let agent: AgentProcess;
const errorBodies: string[] = [];

const file = (name: string) => `file://${join(dir.path, name)}`;
const withToken = { 'x-secretkit-token': TOKEN };

async function read(
  path: string,
  headers: Record<string, string> = withToken,
  method = 'GET',
): Promise<Reply> {
  const reply = await send(agent.url, path, { headers, method });
  if (reply.status !== 200) errorBodies.push(reply.body);
  return reply;
}

function putSecrets(): void {
  fake.put('denied', VALUE);
  fake.put('throttled', VALUE);
  fake.put('down', VALUE);
  fake.put('unrecognized', VALUE);
}

beforeAll(async () => {
  writeFileSync(join(dir.path, 'db.json'), JSON.stringify({ password: VALUE, user: 'app', port: 5432 }));
  writeFileSync(join(dir.path, 'plain'), `${VALUE} as text`);
  writeFileSync(join(dir.path, 'broken.json'), `{"password": "${VALUE}", [`);
  writeFileSync(join(dir.path, 'binary'), Buffer.from([0xff, 0xfe, 0x00, 0x80]));
  putSecrets();
  agent = await startAgentProcess(
    ['--listen', '127.0.0.1:0'],
    aws.env({
      SECRETKIT_AGENT_TOKEN: TOKEN,
      AWS_ACCESS_KEY_ID: 'AKIDAGENTTEST',
      AWS_SECRET_ACCESS_KEY: CREDENTIAL,
    }),
  );
});
afterEach(() => {
  fake.reset();
  putSecrets();
});
afterAll(async () => {
  const exit = await agent?.stop();
  dir.cleanup();
  expect(exit).toEqual({ code: 0, signal: null });
});

describe('GET /v1/secret', () => {
  it('answers {ref, version, value}, the ref as the request gave it, the pointer applied', async () => {
    const ref = `${file('db.json')}#/password`;
    const reply = await read(secretPath(ref));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(reply.body);
    expect(Object.keys(body)).toEqual(['ref', 'version', 'value']);
    expect(body).toEqual({ ref, version: expect.stringMatching(/^[0-9a-f]{16}$/), value: VALUE });

    const aliased = `ref+${file('db.json')}#port`; // another spelling of a ref to the same file
    expect(JSON.parse((await read(secretPath(aliased))).body)).toEqual({
      ref: aliased,
      version: body.version,
      value: '5432',
    });
    expect(JSON.parse((await read(secretPath(file('plain')))).body).value).toBe(`${VALUE} as text`);
  });

  it('checks X-Forwarded-For first, then the method, then the token', async () => {
    const path = secretPath(file('plain'));
    const forwarded = await read(path, { 'x-forwarded-for': '10.1.2.3' }, 'POST');
    expect(forwarded.status).toBe(400);
    expect(JSON.parse(forwarded.body)).toEqual({
      code: 'INVALID_REQUEST',
      message: 'requests with X-Forwarded-For are refused: the agent answers local programs, not a proxy',
    });
    expect((await read(path, { ...withToken, 'x-forwarded-for': '127.0.0.1' })).status).toBe(400);

    const posted = await read(path, {}, 'POST');
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('GET');
    expect(JSON.parse(posted.body)).toEqual({ code: 'INVALID_REQUEST', message: 'only GET is allowed' });
    for (const method of ['PUT', 'DELETE', 'HEAD', 'OPTIONS']) {
      expect((await read(path, withToken, method)).status).toBe(405);
    }

    const missing = await read(path, {});
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'missing or wrong token in the X-Secretkit-Token header',
    });
    expect((await read(path, { 'x-secretkit-token': `${TOKEN}x` })).status).toBe(401);
    expect((await read(path, { 'x-secretkit-token': TOKEN.slice(0, -1) })).status).toBe(401);
    expect((await read(path, { 'x-aws-parameters-secrets-token': TOKEN })).status).toBe(401);
    expect((await read(path)).status).toBe(200);
  });

  it.each([
    ['a malformed ref', 400, 'CONFIG', () => secretPath('nope://x')],
    ['no ref', 400, 'CONFIG', () => '/v1/secret'],
    ['an unknown query parameter', 400, 'CONFIG', () => `${secretPath(file('plain'))}&refresh=1`],
    ['a missing file', 404, 'NOT_FOUND', () => secretPath(file('missing'))],
    ['a missing key', 404, 'NOT_FOUND', () => secretPath(`${file('db.json')}#/nope`)],
    ['a pointer into broken JSON', 500, 'PARSE', () => secretPath(`${file('broken.json')}#/password`)],
    ['bytes that are not text', 500, 'WRONG_TYPE', () => secretPath(file('binary'))],
    ['a provider denying access', 403, 'ACCESS_DENIED', () => secretPath('awssecrets://denied')],
    [
      'a provider refusing the credentials',
      403,
      'UNAUTHENTICATED',
      () => secretPath('awssecrets://unrecognized'),
    ],
    ['a provider throttling', 429, 'THROTTLED', () => secretPath('awssecrets://throttled')],
    ['a provider down', 503, 'UNAVAILABLE', () => secretPath('awssecrets://down')],
  ])('%s: %i %s with {code, message}', async (_, status, code, path) => {
    const faults: Record<string, [string, number]> = {
      denied: ['AccessDeniedException', 1],
      unrecognized: ['UnrecognizedClientException', 1],
      throttled: ['ThrottlingException', 4], // the first try and core's 3 retries
      down: ['ServiceUnavailable', 4],
    };
    const name = /awssecrets%3A%2F%2F(\w+)/.exec(path())?.[1];
    const fault = name === undefined ? undefined : faults[name];
    if (fault) fake.failNext(fault[0], { times: fault[1], operations: ['GetSecretValue'] });
    const reply = await read(path());
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/json');
    const body = JSON.parse(reply.body);
    expect(Object.keys(body)).toEqual(['code', 'message']);
    expect(body.code).toBe(code);
    expect(body.message).toEqual(expect.any(String));
    if (fault) expect(fake.calls.count('GetSecretValue')).toBe(fault[1]);
  });
});

describe('health and routing', () => {
  it('answers /healthz and /ping without a token, still GET only and never forwarded', async () => {
    const health = await read('/healthz', {});
    expect(health).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(await read('/ping', {})).toMatchObject({ status: 200, body: 'healthy' });
    expect((await read('/healthz', {}, 'POST')).status).toBe(405);
    expect((await read('/healthz', { 'x-forwarded-for': '10.0.0.1' })).status).toBe(400);
  });

  it('answers 404 for an unknown route', async () => {
    const reply = await read('/v1/secrets', withToken);
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toEqual({ code: 'NOT_FOUND', message: 'no such route' });
  });

  it('bounds the request: a URL over 4096 bytes is 414, headers over 8 KiB 431, a body 413', async () => {
    const long = `${secretPath(file('plain'))}${'&x'.repeat(2100)}`;
    expect((await read(long, {})).status).toBe(401); // the token is checked first
    expect((await read(long)).status).toBe(414);
    const huge = await read(secretPath(file('plain')), { ...withToken, 'x-padding': 'p'.repeat(9000) });
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body).code).toBe('INVALID_REQUEST');
    const withBody = await read(secretPath(file('plain')), { ...withToken, 'content-length': '3' });
    expect(withBody.status).toBe(413);
  });
});

describe('no value or token leaves the agent but in a 200 answer', () => {
  it('logs one JSON line per request with its id, route, status, duration and ref', async () => {
    const ref = `${file('db.json')}#/user`;
    await read(secretPath(ref));
    await read('/v1/secret', { 'x-secretkit-token': 'wrong' });
    const refused = await waitFor(
      () => agent.logs().findLast((line) => line.msg === 'request' && line.status === 401),
      'the refusal to be logged',
    );
    const lines = agent.logs().filter((line) => line.msg === 'request');
    const ok = lines.findLast((line) => line.ref === ref)!;
    expect(ok).toEqual({
      time: expect.any(String),
      level: 'info',
      msg: 'request',
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-z]+$/),
      method: 'GET',
      route: '/v1/secret',
      status: 200,
      durationMs: expect.any(Number),
      ref,
    });
    expect(refused).toMatchObject({ level: 'warn', route: '/v1/secret', code: 'UNAUTHENTICATED' });
    expect(refused).not.toHaveProperty('ref');
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(lines.length);
  });

  it('has no value, token or credential in any log line or error body', () => {
    const everything = [agent.cli.stderr(), agent.cli.stdout(), ...errorBodies].join('\n');
    expect(errorBodies.length).toBeGreaterThan(20);
    for (const planted of [TOKEN, VALUE, CREDENTIAL]) expect(everything).not.toContain(planted);
  });
});
