// Issue 11's defects in this adapter, one test each, through the real SDK against the fake: malformed
// 2xx bodies (defect 2), echoed credentials (3), server text quoting a value (4), names checked
// before any request (11); each error is searched for the canaries everywhere a user could look.
import { createCanaries, defineCanary, expectNoLeaks, findLeaks } from '@secretkit/conformance';
import { createSecretsClient } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import { awsSecretsManager } from '../src/index.js';
import { context, REGION, rejection, testProvider, useFake } from './harness.js';

const fake = useFake();
const canaries = createCanaries(11);
const AWS_JSON = { 'content-type': 'application/x-amz-json-1.1' };

/** Credentials made of canaries: the access key id, the secret key and the session token. */
const CANARY_CREDENTIALS = {
  accessKeyId: canaries.password,
  secretAccessKey: canaries.key,
  sessionToken: canaries.token,
};

const answer =
  (status: number, body: string, headers: Record<string, string> = AWS_JSON) =>
  () =>
    new Response(body, { status, headers });

describe('a malformed 2xx is UNAVAILABLE and quotes nothing of its body (defect 2)', () => {
  const value = JSON.stringify(canaries.value);
  it.each([
    [
      'an HTML page from a proxy',
      `<html><body>${canaries.value}</body></html>`,
      { 'content-type': 'text/html' },
    ],
    ['a body cut inside the value', `{"Name":"app","SecretString":${value.slice(0, 20)}`, AWS_JSON],
    ['a body cut after the value', `{"Name":"app","SecretString":${value},"VersionId":"a`, AWS_JSON],
    ['the value unquoted', `{"Name":"app","SecretString":${canaries.value}}`, AWS_JSON],
    ['the bare value', canaries.value, AWS_JSON],
    ['a JSON string', value, AWS_JSON],
    ['SecretString of the wrong type', `{"SecretString":{"text":${value}}}`, AWS_JSON],
    ['SecretBinary of the wrong type', `{"SecretBinary":{"text":${value}}}`, AWS_JSON],
    ['a VersionId that is not a string', `{"SecretString":${value},"VersionId":5}`, AWS_JSON],
    ['a CreatedDate that is not a date', `{"SecretString":${value},"CreatedDate":${value}}`, AWS_JSON],
    ['no value at all', '{}', AWS_JSON],
    ['an empty body', '', AWS_JSON],
  ])('GetSecretValue answered with %s', async (_label, body, headers) => {
    fake.answerNext(answer(200, body, headers));
    const error = await rejection(testProvider().getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      statusCode: 200,
      secretName: 'app',
      message: 'AWS Secrets Manager: the answer for "app" was malformed (HTTP 200)',
    });
    expectNoLeaks(findLeaks(error, canaries));
  });

  it.each([
    [
      'DescribeSecret (getVersion)',
      (p: ReturnType<typeof testProvider>) => p.getVersion({ name: 'app' }, context()),
      `{"VersionIdsToStages":{"v1":${value}}}`,
    ],
    [
      'DescribeSecret with a DeletedDate that is not a date',
      (p: ReturnType<typeof testProvider>) => p.getVersion({ name: 'app' }, context()),
      `{"DeletedDate":${value}}`,
    ],
    [
      'BatchGetSecretValue',
      (p: ReturnType<typeof testProvider>) => p.getSecrets([{ name: 'app' }], context()),
      `{"SecretValues":${value}}`,
    ],
    [
      'PutSecretValue',
      (p: ReturnType<typeof testProvider>) => p.setSecret('app', 'v', context()),
      `{"VersionId":{"v":${value}}}`,
    ],
    [
      'ListSecrets',
      async (p: ReturnType<typeof testProvider>) => {
        for await (const _ of p.listSecrets(context()));
      },
      `{"SecretList":${value}}`,
    ],
    [
      'any call, cut short',
      (p: ReturnType<typeof testProvider>) => p.getVersion({ name: 'app' }, context()),
      `{"ARN":${value.slice(0, 15)}`,
    ],
    // Empty answers: read as "no version" or "no secrets", they would be a NOT_FOUND or a silent nothing.
    [
      'DescribeSecret, empty',
      (p: ReturnType<typeof testProvider>) => p.getVersion({ name: 'app' }, context()),
      '{}',
    ],
    [
      'DescribeSecret, null',
      (p: ReturnType<typeof testProvider>) => p.getVersion({ name: 'app' }, context()),
      'null',
    ],
    [
      'ListSecrets, empty',
      async (p: ReturnType<typeof testProvider>) => {
        for await (const _ of p.listSecrets(context()));
      },
      '{}',
    ],
  ])('%s answered malformed', async (_label, run, body) => {
    fake.answerNext(answer(200, body));
    const error = await rejection(Promise.resolve(run(testProvider())));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, statusCode: 200 });
    expect(error.message).toMatch(/^AWS Secrets Manager: the answer for (?:"app"|the request) was malformed/);
    expectNoLeaks(findLeaks(error, canaries));
  });

  it('a batch entry with a bad value fails that name only', async () => {
    fake.put('good', 'g');
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bad-AbCdEf';
    fake.answerNext(
      answer(
        200,
        JSON.stringify({
          SecretValues: [
            { Name: 'good', SecretString: 'g' },
            { ARN: arn, SecretString: 5 },
          ],
        }),
      ),
    );
    const [good, bad, missing] = await testProvider().getSecrets(
      [{ name: 'good' }, { name: arn }, { name: 'gone' }],
      context(),
    );
    expect(good).toMatchObject({ name: 'good', value: 'g' });
    expect(bad).toMatchObject({ code: 'UNAVAILABLE', secretName: arn, statusCode: 200 });
    expect(missing).toMatchObject({ code: 'UNAVAILABLE', secretName: 'gone' }); // the batch did not answer for it
  });

  it('a cached value is served stale through a malformed answer, never evicted', async () => {
    fake.put('app', 'first');
    vi.useFakeTimers();
    try {
      const secrets = createSecretsClient({
        provider: testProvider(),
        retry: false,
        cache: { ttl: '1m', staleIfError: '10m' },
      });
      expect(await secrets.get('app')).toBe('first');
      vi.advanceTimersByTime(61_000);
      fake.answerNext(answer(200, `<html>${canaries.value}</html>`, { 'content-type': 'text/html' }));
      const secret = await secrets.getSecret('app');
      expect([secret.text(), secret.stale]).toEqual(['first', true]);
      await secrets.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('credentials a server or proxy echoes back are scrubbed (defect 3)', () => {
  /** Echoes the request's session token, access key id and secret key in every place it can. */
  const echo = (type: string, status: number) => (request: Request) => {
    const token = request.headers.get('x-amz-security-token') ?? '';
    const authorization = request.headers.get('authorization') ?? '';
    return new Response(
      JSON.stringify({
        __type: type,
        message: `The security token ${token} is invalid; key ${CANARY_CREDENTIALS.secretAccessKey}; ${authorization}`,
        Message: `X-Amz-Security-Token: ${token}`,
      }),
      {
        status,
        headers: {
          ...AWS_JSON,
          'x-amz-security-token': token,
          'x-amzn-requestid': token,
          authorization,
        },
      },
    );
  };

  it.each([
    ['UnrecognizedClientException', 400, 'UNAUTHENTICATED'],
    ['AccessDeniedException', 400, 'ACCESS_DENIED'],
    ['SomethingNew', 403, 'ACCESS_DENIED'],
    ['InternalServiceError', 500, 'UNAVAILABLE'],
  ])('%s (%d) echoing the credentials', async (type, status, code) => {
    fake.answerNext(echo(type, status));
    const error = await rejection(
      testProvider({ credentials: CANARY_CREDENTIALS }).getSecret({ name: 'app' }, context()),
    );
    expect(error).toMatchObject({ code, statusCode: status });
    expectNoLeaks(findLeaks(error, canaries));
  });

  it('an exception name or request id made of a credential is dropped', async () => {
    const token = 'SessionTokenCanary0123456789abcdef';
    fake.answerNext(
      () =>
        new Response(JSON.stringify({ __type: token, message: 'x' }), {
          status: 400,
          headers: { ...AWS_JSON, 'x-amzn-requestid': token },
        }),
    );
    const provider = testProvider({
      credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test', sessionToken: token },
    });
    const error = await rejection(provider.getSecret({ name: 'app' }, context()));
    expect(error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'AWS Secrets Manager: invalid request for "app" (HTTP 400)',
    });
    expectNoLeaks(findLeaks(error, [defineCanary('token', token)]));
  });

  it('credentials from a provider function or a client you built are scrubbed too', async () => {
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const plain = {
      accessKeyId: 'AKIDTESTONLY',
      secretAccessKey: 'test',
      sessionToken: 'SessionTokenCanary0123456789',
    };
    const client = new SecretsManagerClient({ region: REGION, credentials: plain, maxAttempts: 1 });
    for (const provider of [
      awsSecretsManager({ region: REGION, credentials: async () => plain }),
      awsSecretsManager({ client }),
    ]) {
      fake.answerNext(
        () =>
          new Response(JSON.stringify({ __type: plain.sessionToken, message: 'x' }), {
            status: 403,
            headers: { ...AWS_JSON, 'x-amzn-requestid': plain.sessionToken },
          }),
      );
      const error = await rejection(provider.getSecret({ name: 'app' }, context()));
      expect(error).toMatchObject({
        code: 'ACCESS_DENIED',
        message: 'AWS Secrets Manager: access denied for "app" (HTTP 403)',
      });
      expect(JSON.stringify(error.cause)).not.toContain('SessionTokenCanary');
      expect((error.cause as { requestId?: string }).requestId).toBeUndefined();
    }
  });
});

describe("a server's error text quoting a value is dropped (defect 4)", () => {
  const quoting = (type: string, status: number, text: string) => () =>
    new Response(JSON.stringify({ __type: type, message: text }), { status, headers: AWS_JSON });

  it.each([
    [
      'quoted',
      `1 validation error detected: Value '${canaries.value}' at 'secretString' failed to satisfy constraint`,
    ],
    ['unquoted', `secret value ${canaries.value} exceeds the maximum size`],
    ['base64', `bad SecretBinary ${Buffer.from(canaries.value).toString('base64')}`],
  ])('setSecret: a ValidationException repeating the SecretString (%s)', async (_label, text) => {
    fake.answerNext(quoting('ValidationException', 400, text));
    const error = await rejection(testProvider().setSecret('app', canaries.value, context()));
    expect(error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'AWS Secrets Manager: invalid request for "app" (ValidationException, HTTP 400)',
      cause: { name: 'ValidationException', message: 'ValidationException' },
    });
    expectNoLeaks(findLeaks(error, canaries));
  });

  it('setSecret of bytes: a server quoting them back in base64', async () => {
    const bytes = new TextEncoder().encode(canaries.value);
    fake.answerNext(
      quoting('InvalidParameterException', 400, `cannot store ${Buffer.from(bytes).toString('base64')}`),
    );
    const error = await rejection(testProvider().setSecret('app', bytes, context()));
    expect(error.code).toBe('INVALID_REQUEST');
    expectNoLeaks(findLeaks(error, canaries));
  });

  it.each([400, 403, 409, 429, 500, 503])(
    'a read answered %d with a message quoting the value',
    async (status) => {
      fake.answerNext(
        quoting('SomethingNew', status, `the stored value ${canaries.value} exceeds the maximum size`),
      );
      const error = await rejection(testProvider().getSecret({ name: 'app' }, context()));
      expect(error.statusCode).toBe(status);
      expectNoLeaks(findLeaks(error, canaries));
    },
  );
});

describe('names, versions and stages are checked before any request (defect 11)', () => {
  const bad: Array<[string, { name: string; version?: string; stage?: string }]> = [
    ['a 10 MB name', { name: 'a'.repeat(10 * 1024 * 1024) }],
    ['a 513-character name', { name: 'a'.repeat(513) }],
    ['a NUL in the name', { name: 'app\u0000x' }],
    ['a C1 control in the name', { name: 'app\u0085' }],
    ['U+2028 in the name', { name: 'app\u2028' }],
    ['a space in the name', { name: 'my app' }],
    ['a character AWS does not allow', { name: 'app#1' }],
    ['an ARN that is not a secret ARN', { name: 'arn:aws:s3:::bucket' }],
    [
      'an ARN over 2048 characters',
      { name: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${'a'.repeat(2000)}` },
    ],
    ['a NUL in the version', { name: 'app', version: 'v\u0000' }],
    ['a line feed in the version', { name: 'app', version: 'v\n1' }],
    ['a NUL in the stage', { name: 'app', stage: 'AWSCURRENT\u0000' }],
    ['a line feed in the stage', { name: 'app', stage: 'AWS\nCURRENT' }],
    ['an empty stage', { name: 'app', stage: '' }],
  ];

  it.each(bad)('%s is CONFIG with no request sent, from every method', async (_label, request) => {
    const provider = testProvider();
    const calls: Promise<unknown>[] = [
      provider.getSecret(request, context()),
      provider.getVersion(request, context()),
      provider.getSecrets([request], context()),
    ];
    if (request.version === undefined && request.stage === undefined) {
      calls.push(
        provider.setSecret(request.name, 'v', context()),
        provider.deleteSecret(request.name, context()),
      );
    }
    for (const call of calls) {
      const error = await rejection(call);
      expect(error).toMatchObject({ code: 'CONFIG', provider: 'aws-secrets-manager' });
      expect(error.message.length).toBeLessThan(300); // the name is never repeated in full
    }
    expect(fake.calls.count()).toBe(0);
    expect(fake.unhandledRequests).toEqual([]);
  });

  it.each([
    ['every character AWS allows', 'Az09/_+=.@-'],
    ['a 512-character name', 'a'.repeat(512)],
    ['a full ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'],
    ['a partial ARN', 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/db'],
  ])('%s is sent', async (_label, name) => {
    const error = await rejection(testProvider().getSecret({ name }, context()));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(
      `AWS Secrets Manager: secret "${name}" was not found (ResourceNotFoundException, HTTP 400)`,
    );
    expect(fake.calls.count('GetSecretValue')).toBe(1);
  });
});
