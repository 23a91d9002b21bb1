// findLeaks must find a planted canary wherever an error, event or log line can carry it (each
// rendering, down causes, hidden and Symbol-keyed properties, getters, collections, bytes, every
// encoding) and nothing where there is none.
import { inspect } from 'node:util';
import { SecretsError } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { createCanaries, describeFinding, findLeaks, type LeakFinding } from '../src/leak-fuzz/index.js';

const canaries = createCanaries(1101);
const { value, token, key, password, jwt } = canaries;

/** "kind form path rendering" of each finding, for exact comparisons. */
const where = (findings: LeakFinding[]) =>
  findings.map((f) => `${f.kind} ${f.form} ${f.path} ${f.rendering}`);

describe('findLeaks: nothing where there is nothing', () => {
  it('finds nothing in clean errors, events and log lines', () => {
    const error = new SecretsError('UNAVAILABLE', 'aws answered 502 with a body that is not JSON', {
      provider: 'aws',
      secretName: 'app/db',
      statusCode: 502,
      cause: Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET', requestId: 'a1b2c3d4e5f60718' }),
    });
    const event = { name: 'app/db', version: '3', durationMs: 12, outcome: 'error', code: 'UNAVAILABLE' };
    expect(findLeaks(error, canaries)).toEqual([]);
    expect(findLeaks([event, 'fetch app/db failed: UNAVAILABLE'], canaries)).toEqual([]);
  });

  it('finds nothing of another seed, of a canary fixed part (a JWT header) or of a 7-character excerpt', () => {
    const other = createCanaries(1102);
    const jwtHeader = jwt.split('.')[0]!;
    const error = new Error(
      `${other.value} ${other.token} ${other.jwt} header ${jwtHeader}. near ${value.slice(1, 8)}`,
    );
    expect(findLeaks(error, canaries)).toEqual([]);
    expect(findLeaks(error, other).length).toBeGreaterThan(0);
  });
});

describe('findLeaks: each rendering', () => {
  it('a message shows in message, stack, String() and both inspects (which print the stack)', () => {
    const error = new SecretsError('PARSE', `bad JSON: ${value}`);
    expect(where(findLeaks(error, canaries))).toEqual([
      'value raw subject message',
      'value raw subject stack',
      'value raw subject String()',
      'value raw subject util.inspect',
      'value raw subject util.inspect (showHidden)',
    ]);
  });

  it('a stack alone, a String() alone, an inspect alone, a JSON.stringify alone', () => {
    const stackOnly = new Error('clean');
    stackOnly.stack = `Error: clean\n    at ${token} (file.js:1:1)`;
    expect(where(findLeaks(stackOnly, canaries))).toEqual([
      'token raw subject stack',
      'token raw subject util.inspect',
      'token raw subject util.inspect (showHidden)',
    ]);
    const printsItself = { toString: () => `secret=${key}` };
    expect(where(findLeaks(printsItself, canaries))).toEqual(['key raw subject String()']);
    const inspectsItself = { [inspect.custom]: () => `pw ${password}` };
    expect(where(findLeaks(inspectsItself, canaries))).toEqual([
      'password raw subject util.inspect',
      'password raw subject util.inspect (showHidden)',
    ]);
    const jsonOnly = { toJSON: () => ({ jwt }) };
    expect(where(findLeaks(jsonOnly, canaries))).toEqual(['jwt raw subject JSON.stringify']);
  });

  it('renders nested objects that print themselves from a closure', () => {
    const error = new SecretsError('UNKNOWN', 'clean', { cause: { detail: { toJSON: () => value } } });
    expect(where(findLeaks(error, canaries))).toContain('value json subject.cause.detail JSON.stringify');
  });
});

describe('findLeaks: everywhere an error carries things', () => {
  it('down a 3-deep cause chain', () => {
    const deep = new SecretsError('UNAVAILABLE', 'clean', {
      cause: new Error('clean 1', { cause: new Error('clean 2', { cause: new Error(`echo ${value}`) }) }),
    });
    const found = where(findLeaks(deep, canaries));
    expect(found).toContain('value raw subject.cause.cause.cause message');
    expect(found).toContain('value raw subject.cause.cause.cause stack');
    expect(found.every((line) => line.startsWith('value '))).toBe(true);
  });

  it('on a hidden (non-enumerable) property, as the AWS SDK hangs $response', () => {
    const error = new SecretsError('ACCESS_DENIED', 'denied');
    Object.defineProperty(error, '$response', {
      value: { headers: { 'x-amz-security-token': token } },
      enumerable: false,
    });
    expect(where(findLeaks(error, canaries))).toEqual([
      'token raw subject util.inspect (showHidden)',
      'token raw subject.$response.headers["x-amz-security-token"] text',
    ]);
  });

  it('on Symbol-keyed properties, enumerable or not', () => {
    const error = new Error('clean') as Error & Record<symbol, unknown>;
    error[Symbol('kResponse')] = { body: value };
    Object.defineProperty(error, Symbol.for('kToken'), { value: token, enumerable: false });
    const found = where(findLeaks(error, canaries));
    expect(found).toContain('value raw subject[Symbol(kResponse)].body text');
    expect(found).toContain('token raw subject[Symbol(kToken)] text');
  });

  it('in errors[] of an AggregateError, and in a non-Error cause', () => {
    const aggregate = new AggregateError([new Error('fine'), new Error(`bad ${password}`)], 'several');
    expect(where(findLeaks(aggregate, canaries))).toContain('password raw subject.errors[1] message');
    const plain = new Error('clean', { cause: `body: ${value}` });
    expect(where(findLeaks(plain, canaries))).toContain('value raw subject.cause text');
  });

  it('behind getters: own (hidden), on a class prototype, and survives getters that throw', () => {
    class ResponseError extends Error {
      get body() {
        return `{"message":"${key}"}`;
      }
      get broken(): string {
        throw new Error('no');
      }
    }
    const error = new ResponseError('clean');
    Object.defineProperty(error, 'token', { get: () => token, enumerable: false });
    const found = where(findLeaks(error, canaries));
    expect(found).toContain('token raw subject.token (getter) text');
    expect(found).toContain('key raw subject.body (getter) text');
  });

  it('in Map keys and values, Set members and Headers', () => {
    const error = new Error('clean', {
      cause: {
        cache: new Map<unknown, unknown>([
          ['k', value],
          [token, 1],
        ]),
        seen: new Set([key]),
        headers: new Headers({ authorization: canaries.bearer }),
      },
    });
    const found = where(findLeaks(error, canaries));
    expect(found).toContain('value raw subject.cause.cache.get("k") text');
    expect(found).toContain('token raw subject.cause.cache<key 1> text');
    expect(found).toContain('key raw subject.cause.seen<value 0> text');
    expect(found).toContain('token raw subject.cause.headers.get("authorization") text');
  });

  it('in bytes past what util.inspect prints, and in property names', () => {
    const body = Buffer.from(`${'x'.repeat(80)}${value}`);
    const error = new Error('clean', { cause: { body, [password]: true } });
    const found = where(findLeaks(error, canaries));
    expect(found).toContain('value raw subject.cause.body bytes (UTF-8)');
    expect(found).toContain(`password raw subject.cause[${JSON.stringify(password)}] key`);
    expect(inspect(error, { depth: 10 })).not.toContain(value.slice(0, 10));
  });

  it('survives cycles, Proxies that throw and huge graphs (bounded)', () => {
    const loop = new Error('loop') as Error & { cause?: unknown };
    loop.cause = loop;
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    const wide: unknown[] = Array.from({ length: 50_000 }, (_, i) => ({ i }));
    wide.push({ value });
    expect(findLeaks(loop, canaries)).toEqual([]);
    expect(findLeaks({ hostile }, canaries)).toEqual([]);
    // The walk stops after 100 objects; the subject's own renderings still show what they print.
    expect(where(findLeaks({ wide }, canaries, { maxNodes: 100 }))).toEqual([
      'value json subject JSON.stringify',
    ]);
  });
});

describe('findLeaks: every form', () => {
  const formOf = (subject: unknown) => findLeaks(subject, canaries).map((f) => `${f.kind} ${f.form}`);

  it('JSON-escaped, Go-style \\u0026 JSON, URL-encoded and form-encoded', () => {
    const json = JSON.stringify({ value });
    const goJson = json.replace(/&/g, '\\u0026').replace(/é/g, '\\u00e9');
    expect(formOf(json)).toEqual(['value json']);
    expect(formOf(goJson)).toEqual(['value json']);
    expect(formOf(`https://x.example/?t=${encodeURIComponent(token)}`)).toEqual(['token url']);
    expect(formOf(new URLSearchParams({ v: value }).toString())).toEqual(['value url']);
  });

  it('base64 and base64url at every byte alignment, and hex', () => {
    for (const prefix of ['', 'a', 'ab', 'client:']) {
      expect(formOf(`Basic ${Buffer.from(prefix + password).toString('base64')}`)).toEqual([
        'password base64',
      ]);
      expect(formOf(Buffer.from(prefix + value).toString('base64url'))).toEqual(['value base64']);
    }
    expect(formOf(Buffer.from(key).toString('hex'))).toEqual(['key hex']);
    expect(formOf(Buffer.from(key).toString('hex').toUpperCase())).toEqual(['key hex']);
  });

  it('a fragment of 9 characters, as a JSON parse error quotes 10', () => {
    let parseError: unknown;
    try {
      JSON.parse(`{"SecretString":${value}}`);
    } catch (error) {
      parseError = error;
    }
    const findings = findLeaks(new SecretsError('UNAVAILABLE', 'clean', { cause: parseError }), canaries);
    expect(findings.map((f) => `${f.kind} ${f.form} ${f.path} ${f.rendering}`)).toContain(
      'value fragment subject.cause message',
    );
    expect(formOf(`quoted ${token.slice(20, 29)} only`)).toEqual(['token fragment']);
    expect(formOf(`quoted ${token.slice(20, 27)} only`)).toEqual([]);
  });

  it('describes a finding in one line, with the excerpt', () => {
    const [finding] = findLeaks({ note: `x ${token} y` }, canaries);
    expect(describeFinding(finding!)).toBe(
      `token (raw) in subject util.inspect: ${JSON.stringify(`{ note: 'x ${token} y' }`)}`,
    );
  });
});
