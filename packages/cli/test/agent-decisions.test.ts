// The agent's pure decisions, without a server: the order of the request checks, the HTTP status of
// every error code, the constant-time token check, listen addresses, query parsing, the AWS
// agent's query and answer shape, and the log's level filter and batching.
import { SECRETS_ERROR_CODES, type Secret, SecretsError } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { createAgentLog, parseLogLevel } from '../src/agent/agent-log.js';
import { createTokenCheck, readAgentToken } from '../src/agent/agent-token.js';
import { awsSecretValueJson, friendlyName, refOfAwsQuery } from '../src/agent/aws-compat.js';
import { errorReplyFor, httpStatusFor } from '../src/agent/error-replies.js';
import { assertListenAllowed, isLoopbackAddress, parseListenAddress } from '../src/agent/listen-address.js';
import { readQuery } from '../src/agent/query.js';
import { checkRequest, MAX_URL_BYTES, type RequestFacts } from '../src/agent/request-checks.js';
import { canary } from './helpers.js';

const TOKEN = 'the-agent-token-0123456789';
const matches = createTokenCheck(TOKEN);

function facts(overrides: Partial<RequestFacts> & { headers?: RequestFacts['headers'] } = {}): RequestFacts {
  return { method: 'GET', url: '/v1/secret?ref=file:///x', headers: {}, ...overrides };
}

describe('checkRequest', () => {
  it('checks X-Forwarded-For first, then the method, then the token', () => {
    const everythingWrong = facts({ method: 'POST', headers: { 'x-forwarded-for': '10.0.0.1' } });
    expect(checkRequest(everythingWrong, 'x-secretkit-token', matches)).toMatchObject({ status: 400 });
    expect(checkRequest(facts({ method: 'POST' }), 'x-secretkit-token', matches)).toMatchObject({
      status: 405,
      code: 'INVALID_REQUEST',
    });
    expect(checkRequest(facts(), 'x-secretkit-token', matches)).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(
      checkRequest(facts({ headers: { 'x-secretkit-token': TOKEN } }), 'x-secretkit-token', matches),
    ).toBeUndefined();
  });

  it('refuses X-Forwarded-For even with the right token and on routes without one', () => {
    const forwarded = { 'x-forwarded-for': '127.0.0.1', 'x-secretkit-token': TOKEN };
    expect(checkRequest(facts({ headers: forwarded }), 'x-secretkit-token', matches)?.status).toBe(400);
    expect(checkRequest(facts({ headers: forwarded }), undefined, matches)?.status).toBe(400);
  });

  it('looks for the token in the route’s own header only', () => {
    const inSecretkitHeader = facts({ headers: { 'x-secretkit-token': TOKEN } });
    const inAwsHeader = facts({ headers: { 'x-aws-parameters-secrets-token': TOKEN } });
    expect(checkRequest(inAwsHeader, 'x-aws-parameters-secrets-token', matches)).toBeUndefined();
    expect(checkRequest(inSecretkitHeader, 'x-aws-parameters-secrets-token', matches)?.status).toBe(401);
    expect(checkRequest(inAwsHeader, 'x-secretkit-token', matches)?.status).toBe(401);
  });

  it('treats a token sent twice as wrong', () => {
    const twice = facts({ headers: { 'x-secretkit-token': [TOKEN, TOKEN] } });
    expect(checkRequest(twice, 'x-secretkit-token', matches)?.status).toBe(401);
  });

  it.each(['HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', undefined])('refuses %s with 405', (method) => {
    expect(checkRequest(facts({ method }), undefined, matches)?.status).toBe(405);
  });

  it('limits the URL and refuses a body, after the token', () => {
    const long = `/v1/secret?ref=${'a'.repeat(MAX_URL_BYTES)}`;
    expect(checkRequest(facts({ url: long }), 'x-secretkit-token', matches)?.status).toBe(401);
    const authed = { 'x-secretkit-token': TOKEN };
    expect(checkRequest(facts({ url: long, headers: authed }), 'x-secretkit-token', matches)?.status).toBe(
      414,
    );
    const exactly = `/v1/secret?ref=${'a'.repeat(MAX_URL_BYTES - 15)}`;
    expect(exactly.length).toBe(MAX_URL_BYTES);
    expect(
      checkRequest(facts({ url: exactly, headers: authed }), 'x-secretkit-token', matches),
    ).toBeUndefined();
    const withBody = { ...authed, 'content-length': '5' };
    expect(checkRequest(facts({ headers: withBody }), 'x-secretkit-token', matches)?.status).toBe(413);
    const chunked = { ...authed, 'transfer-encoding': 'chunked' };
    expect(checkRequest(facts({ headers: chunked }), 'x-secretkit-token', matches)?.status).toBe(413);
    const empty = { ...authed, 'content-length': '0' };
    expect(checkRequest(facts({ headers: empty }), 'x-secretkit-token', matches)).toBeUndefined();
  });
});

describe('httpStatusFor and errorReplyFor', () => {
  const expected: Record<string, number> = {
    CONFIG: 400,
    NOT_FOUND: 404,
    ACCESS_DENIED: 403,
    UNAUTHENTICATED: 403,
    THROTTLED: 429,
    UNAVAILABLE: 503,
    TIMEOUT: 503,
  };

  it.each([...SECRETS_ERROR_CODES])('%s', (code) => {
    expect(httpStatusFor(code)).toBe(expected[code] ?? 500);
    const reply = errorReplyFor(new SecretsError(code, `secret "x" failed with ${code}`));
    expect(reply).toEqual({ status: expected[code] ?? 500, code, message: `secret "x" failed with ${code}` });
  });

  it('names anything that is not a SecretsError by its kind only', () => {
    const planted = canary('error');
    expect(errorReplyFor(new TypeError(`cannot read ${planted}`))).toEqual({
      status: 500,
      code: 'UNKNOWN',
      message: 'internal error (TypeError)',
    });
    expect(JSON.stringify(errorReplyFor(planted))).not.toContain(planted);
  });
});

describe('the token', () => {
  it('matches only the exact token', () => {
    expect(matches(TOKEN)).toBe(true);
    for (const wrong of [undefined, '', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), ` ${TOKEN}`]) {
      expect(matches(wrong)).toBe(false);
    }
  });

  it('comes from the file (trimmed), else the environment; neither is CONFIG', async () => {
    await expect(readAgentToken(undefined, { SECRETKIT_AGENT_TOKEN: ' from-env\n' })).resolves.toBe(
      'from-env',
    );
    await expect(readAgentToken(undefined, {})).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(readAgentToken(undefined, { SECRETKIT_AGENT_TOKEN: '  ' })).rejects.toMatchObject({
      code: 'CONFIG',
    });
    await expect(readAgentToken('/nonexistent/token', { SECRETKIT_AGENT_TOKEN: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('listen addresses', () => {
  it.each([
    ['127.0.0.1:2773', { host: '127.0.0.1', port: 2773 }],
    ['localhost:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:2773', { host: '::1', port: 2773 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80 }],
  ])('%s', (text, address) => {
    expect(parseListenAddress(text)).toEqual(address);
  });

  it.each(['2773', '127.0.0.1', '127.0.0.1:65536', '::1:2773', '[127.0.0.1]:2773', 'a:b', ''])(
    'refuses %j',
    (text) => {
      expect(() => parseListenAddress(text)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    },
  );

  it('allows only loopback unless remote listening is allowed', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.test', '128.0.0.1']) {
      expect(isLoopbackAddress(host)).toBe(false);
      expect(() => assertListenAllowed({ host, port: 1 }, false)).toThrow(
        expect.objectContaining({ code: 'CONFIG' }),
      );
      expect(() => assertListenAllowed({ host, port: 1 }, true)).not.toThrow();
    }
  });
});

describe('readQuery', () => {
  it('form-decodes, refuses unknown and repeated keys', () => {
    expect(readQuery('/v1/secret?ref=vault%3A%2F%2Fa%2Fb%23%2Fk', ['ref'])).toEqual(
      new Map([['ref', 'vault://a/b#/k']]),
    );
    expect(readQuery('/v1/secret', ['ref'])).toEqual(new Map());
    expect(() => readQuery('/v1/secret?ref=a&ref=b', ['ref'])).toThrow(/given twice/);
    expect(() => readQuery('/v1/secret?ref=a&other=b', ['ref'])).toThrow(/unknown query parameter "other"/);
  });
});

describe('the AWS agent route', () => {
  const query = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('reads secretId as awssecrets://ID with versionId/versionStage as version/stage', () => {
    expect(refOfAwsQuery(query({ secretId: 'prod/db' }))).toBe('awssecrets://prod/db');
    expect(refOfAwsQuery(query({ secretId: 'prod/db', versionStage: 'AWSPREVIOUS' }))).toBe(
      'awssecrets://prod/db?stage=AWSPREVIOUS',
    );
    expect(
      refOfAwsQuery(query({ secretId: 'a', versionId: 'v-1', versionStage: 'S', refreshNow: 'false' })),
    ).toBe('awssecrets://a?version=v-1&stage=S');
  });

  it('reads secretId as a ref when it is one', () => {
    expect(refOfAwsQuery(query({ secretId: 'vault://secret/app#/password' }))).toBe(
      'vault://secret/app#/password',
    );
    expect(() => refOfAwsQuery(query({ secretId: 'vault://secret/app', versionId: '3' }))).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });

  it('refuses what it cannot answer: no secretId, a "#" in a name, refreshNow=true, a bad refreshNow', () => {
    const bads: Array<Record<string, string>> = [
      {},
      { secretId: '' },
      { secretId: 'a#b' },
      { secretId: 'a', refreshNow: 'TRUE' },
    ];
    for (const bad of bads) {
      expect(() => refOfAwsQuery(query(bad))).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    }
    expect(() => refOfAwsQuery(query({ secretId: 'a', refreshNow: 'yes' }))).toThrow(/refreshNow must be/);
  });

  it('names a secret by its friendly name, also when asked by ARN', () => {
    expect(friendlyName('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123')).toBe(
      'prod/db',
    );
    expect(friendlyName('prod/db')).toBe('prod/db');
  });

  function secretOf(value: string | Uint8Array, extra: Partial<Secret> = {}): Secret {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    return {
      name: 'prod/db',
      metadata: {},
      stale: false,
      text: () => {
        if (typeof value === 'string') return value;
        throw new SecretsError('WRONG_TYPE', 'binary');
      },
      bytes: () => new Uint8Array(bytes),
      json: () => JSON.parse(String(value)),
      ...extra,
    };
  }

  it('answers GetSecretValue’s fields in the AWS agent’s order and types', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123';
    const secret = secretOf('s3cret', {
      version: 'v-1',
      createdAt: new Date(1_569_534_789_046),
      metadata: { arn, stages: 'AWSCURRENT,EXTRA' },
    });
    expect(awsSecretValueJson(secret)).toBe(
      JSON.stringify({
        ARN: arn,
        Name: 'prod/db',
        VersionId: 'v-1',
        SecretString: 's3cret',
        VersionStages: ['AWSCURRENT', 'EXTRA'],
        CreatedDate: '1569534789.046',
      }),
    );
  });

  it('sends bytes that are not text as base64 SecretBinary; nulls what is unknown', () => {
    const answer = JSON.parse(awsSecretValueJson(secretOf(new Uint8Array([0xff, 0x00, 0xfe]))));
    expect(answer).toEqual({
      ARN: null,
      Name: 'prod/db',
      VersionId: null,
      SecretBinary: '/wD+',
      CreatedDate: null,
    });
    expect(JSON.parse(awsSecretValueJson(secretOf('{"a":1}'), 'pointed')).SecretString).toBe('pointed');
  });
});

describe('the log', () => {
  it('writes one JSON line per entry at or above its level, batched into one write per tick', async () => {
    const writes: string[] = [];
    const log = createAgentLog('warn', (text, done) => {
      writes.push(text);
      done();
    });
    expect(log.enabled('info')).toBe(false);
    expect(log.enabled('error')).toBe(true);
    log.write('info', 'hidden');
    log.write('warn', 'first', { status: 401, ref: undefined });
    log.write('error', 'second', { status: 500 });
    await log.flush();
    expect(writes).toHaveLength(1);
    const lines = writes[0]!
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map(({ level, msg, status }) => ({ level, msg, status }))).toEqual([
      { level: 'warn', msg: 'first', status: 401 },
      { level: 'error', msg: 'second', status: 500 },
    ]);
    expect(Number.isNaN(Date.parse(lines[0].time))).toBe(false);
  });

  it('off writes nothing; levels parse in any case', async () => {
    const writes: string[] = [];
    const log = createAgentLog('off', (text, done) => {
      writes.push(text);
      done();
    });
    log.write('error', 'nothing');
    await log.flush();
    expect(writes).toEqual([]);
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('verbose')).toBeUndefined();
  });
});
