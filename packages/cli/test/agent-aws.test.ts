// secretkit agent over AWS Secrets Manager, as real processes: the agent answers the AWS Secrets
// Manager Agent's route as that agent does (GetSecretValue's JSON), against @secretkit/aws's fake in
// real-socket mode; a rotation is seen through the agent; concurrent cold requests for one ref are
// one provider call.
import { http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, secretPath, send, startAgentProcess } from './fixtures/agent-http.js';
import { useAwsFake } from './helpers/aws-fake.js';
import { canary, waitFor } from './helpers.js';

const TOKEN = canary('token');
const VALUE = canary('value');
const aws = useAwsFake();
const { fake } = aws;
let agent: AgentProcess;
let latencyMs = 0;

const awsHeaders = { 'x-aws-parameters-secrets-token': TOKEN };
const awsPath = (query: Record<string, string>) => `/secretsmanager/get?${new URLSearchParams(query)}`;
const gsvCalls = (name: string) =>
  fake.calls.log.filter((call) => call.operation === 'GetSecretValue' && call.secretId === name).length;

beforeAll(async () => {
  // every answer waits latencyMs first (returning nothing passes the request on to the fake)
  fake.host.use(
    http.post(`${fake.endpoint}/`, async () => {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    }),
  );
  agent = await startAgentProcess(
    ['--listen', '127.0.0.1:0', '--ttl', '1s'],
    aws.env({
      SECRETKIT_AGENT_TOKEN: TOKEN,
      AWS_ACCESS_KEY_ID: 'AKIDAGENTTEST',
      AWS_SECRET_ACCESS_KEY: 'agent-test-secret-key',
    }),
  );
});
afterAll(async () => {
  const exit = await agent?.stop();
  expect(exit).toEqual({ code: 0, signal: null });
  expect(agent.cli.stderr()).not.toContain(VALUE);
  expect(agent.cli.stderr()).not.toContain(TOKEN);
});

describe('GET /secretsmanager/get (the AWS agent’s route)', () => {
  it('answers GetSecretValue’s JSON, its fields in the AWS agent’s order', async () => {
    const version = fake.put('prod/db', JSON.stringify({ password: VALUE }));
    const reply = await send(agent.url, awsPath({ secretId: 'prod/db' }), { headers: awsHeaders });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const body = JSON.parse(reply.body);
    expect(Object.keys(body)).toEqual([
      'ARN',
      'Name',
      'VersionId',
      'SecretString',
      'VersionStages',
      'CreatedDate',
    ]);
    expect(body).toEqual({
      ARN: fake.arnOf('prod/db'),
      Name: 'prod/db',
      VersionId: version,
      SecretString: JSON.stringify({ password: VALUE }),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: expect.stringMatching(/^\d{10}(\.\d{1,3})?$/),
    });
    expect(Math.abs(Number(body.CreatedDate) * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('reads by ARN (Name is the friendly name), by versionId and by versionStage', async () => {
    const first = fake.put('prod/rotated', 'first');
    const second = fake.rotate('prod/rotated', 'second');
    const byArn = JSON.parse(
      (await send(agent.url, awsPath({ secretId: fake.arnOf('prod/rotated') }), { headers: awsHeaders }))
        .body,
    );
    expect(byArn).toMatchObject({
      ARN: fake.arnOf('prod/rotated'),
      Name: 'prod/rotated',
      SecretString: 'second',
    });
    const previous = JSON.parse(
      (
        await send(agent.url, awsPath({ secretId: 'prod/rotated', versionStage: 'AWSPREVIOUS' }), {
          headers: awsHeaders,
        })
      ).body,
    );
    expect(previous).toMatchObject({
      VersionId: first,
      SecretString: 'first',
      VersionStages: ['AWSPREVIOUS'],
    });
    const byId = JSON.parse(
      (
        await send(agent.url, awsPath({ secretId: 'prod/rotated', versionId: second }), {
          headers: awsHeaders,
        })
      ).body,
    );
    expect(byId).toMatchObject({ VersionId: second, SecretString: 'second', VersionStages: ['AWSCURRENT'] });
    expect(gsvCalls(fake.arnOf('prod/rotated'))).toBe(1); // asked by the ARN the request gave
  });

  it('sends a binary secret as base64 SecretBinary', async () => {
    fake.put('prod/cert', new Uint8Array([0xff, 0x00, 0x10, 0xfe]));
    const body = JSON.parse(
      (await send(agent.url, awsPath({ secretId: 'prod/cert' }), { headers: awsHeaders })).body,
    );
    expect(body.SecretBinary).toBe('/wAQ/g==');
    expect(body).not.toHaveProperty('SecretString');
  });

  it('reads secretId as a ref when it is one (its pointer applied)', async () => {
    fake.put('prod/pointed', JSON.stringify({ password: VALUE, user: 'app' }));
    const reply = await send(agent.url, awsPath({ secretId: 'awssecrets://prod/pointed#/user' }), {
      headers: awsHeaders,
    });
    expect(JSON.parse(reply.body)).toMatchObject({ Name: 'prod/pointed', SecretString: 'app' });
  });

  it('takes the token in X-Aws-Parameters-Secrets-Token only; errors are {code, message}', async () => {
    fake.put('prod/token-check', VALUE);
    const path = awsPath({ secretId: 'prod/token-check' });
    expect((await send(agent.url, path)).status).toBe(401);
    expect((await send(agent.url, path, { headers: { 'x-secretkit-token': TOKEN } })).status).toBe(401);
    expect(
      (await send(agent.url, path, { headers: { 'x-aws-parameters-secrets-token': 'wrong' } })).status,
    ).toBe(401);
    const missing = await send(agent.url, awsPath({ secretId: 'prod/none' }), { headers: awsHeaders });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'NOT_FOUND' });
    const refresh = await send(agent.url, awsPath({ secretId: 'prod/token-check', refreshNow: 'true' }), {
      headers: awsHeaders,
    });
    expect(refresh.status).toBe(400);
    expect(JSON.parse(refresh.body).code).toBe('CONFIG');
    const unknown = await send(agent.url, `${path}&abc=1`, { headers: awsHeaders });
    expect(JSON.parse(unknown.body)).toEqual({
      code: 'CONFIG',
      message: 'unknown query parameter "abc" (expected secretId, versionId, versionStage, refreshNow)',
    });
  });
});

describe('the cache behind the agent', () => {
  it('shows a rotation: the new version is served within the ttl (1 s) and a refresh', async () => {
    const first = fake.put('prod/rotating', 'before-rotation');
    const read = async () =>
      JSON.parse(
        (
          await send(agent.url, secretPath('awssecrets://prod/rotating'), {
            headers: { 'x-secretkit-token': TOKEN },
          })
        ).body,
      );
    expect(await read()).toEqual({
      ref: 'awssecrets://prod/rotating',
      version: first,
      value: 'before-rotation',
    });
    const second = fake.rotate('prod/rotating', 'after-rotation');
    const rotated = await waitFor(
      async () => {
        const body = await read();
        return body.version === second ? body : undefined;
      },
      'the agent to serve the rotated version',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(rotated).toEqual({ ref: 'awssecrets://prod/rotating', version: second, value: 'after-rotation' });
    const aws = JSON.parse(
      (await send(agent.url, awsPath({ secretId: 'prod/rotating' }), { headers: awsHeaders })).body,
    );
    expect(aws).toMatchObject({ VersionId: second, SecretString: 'after-rotation' });
  });

  it('answers 200 concurrent cold requests for one ref with one provider call', async () => {
    fake.put('prod/burst', VALUE);
    latencyMs = 300;
    try {
      const replies = await Promise.all(
        Array.from({ length: 200 }, () =>
          send(agent.url, secretPath('awssecrets://prod/burst'), { headers: { 'x-secretkit-token': TOKEN } }),
        ),
      );
      expect(replies.map((reply) => reply.status)).toEqual(Array(200).fill(200));
      expect(new Set(replies.map((reply) => reply.body)).size).toBe(1);
      expect(gsvCalls('prod/burst')).toBe(1);
    } finally {
      latencyMs = 0;
    }
  });
});
