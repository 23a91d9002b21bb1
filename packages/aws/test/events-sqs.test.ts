// sqsChangeSource through the real @aws-sdk/client-sqs against the SQS wire fake, end to end with a
// real client over the Secrets Manager fake: a rotation's event on the queue becomes one re-read and
// a `rotate`; messages are deleted after parsing; poison is deleted and reported; a dropped long
// poll is an `error` event and a reconnect after core's backoff. Fake timers throughout.
import { SQSClient } from '@aws-sdk/client-sqs';
import { loopbackPump, useWatchedClients } from '@secretkit/conformance';
import { createSecretsClient, type SecretsEvents } from '@secretkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { sqsChangeSource } from '../src/events/index.js';
import { createSqsFake } from '../src/testing/events-sqs-fake.js';
import { REGION, TEST_CREDENTIALS, testProvider, useFake } from './harness.js';

const secrets = useFake();
const sqs = createSqsFake({ region: REGION });
const clients = useWatchedClients({ fakes: [sqs] });
const { run, until } = loopbackPump({ immediatesPerStep: 3, maxRounds: 200 });
let queueUrl = '';
beforeEach(() => {
  queueUrl = sqs.createQueue('secret-changes');
});

/** The Secret Label Updated event Secrets Manager sends when AWSCURRENT moves to `versionId`. */
function labelUpdated(arn: string, versionId: string, label = 'AWSCURRENT') {
  return {
    version: '0',
    id: 'c0ffee00-0000-4000-8000-000000000001',
    'detail-type': 'Secret Label Updated',
    source: 'aws.secretsmanager',
    account: '123456789012',
    time: '2024-02-06T16:43:48Z',
    region: REGION,
    resources: [arn],
    detail: { name: arn.split(':secret:')[1]?.slice(0, -7), labelUpdated: label, versionId },
  };
}

function setup(options: { waitTimeSeconds?: number } = {}) {
  const source = sqsChangeSource({
    queueUrl,
    client: new SQSClient({ region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
    ...options,
  });
  const { client, rotations, errors } = clients.start(testProvider(), [source]);
  return { source, client, rotations, errors };
}

describe('sqsChangeSource', () => {
  it('turns a rotation event on the queue into one re-read and a rotate, and deletes the message', async () => {
    const first = secrets.put('app/db', 'password-1');
    const arn = secrets.arnOf('app/db');
    const { client, rotations } = setup();
    expect(await client.get('app/db')).toBe('password-1');
    await run();
    const second = secrets.rotate('app/db', 'password-2');
    sqs.sendEvent(queueUrl, labelUpdated(arn, second));
    await until(() => rotations.length === 1);
    expect(rotations[0]).toMatchObject({ name: 'app/db', previousVersion: first, version: second });
    expect(await client.get('app/db')).toBe('password-2');
    expect(secrets.calls.count('GetSecretValue')).toBe(2);
    await until(() => sqs.depth(queueUrl) === 0);
    expect(sqs.calls.count({ operation: 'DeleteMessage', status: 200 })).toBe(1);
    await client.close();
  });

  it('long-polls with the wait and batch size asked for', async () => {
    const receives = () => sqs.calls.count({ operation: 'ReceiveMessage' });
    const { client } = setup({ waitTimeSeconds: 5 });
    await run();
    expect(receives()).toBe(0); // still waiting
    await run(5_000);
    expect(receives()).toBe(1);
    await run(5_000);
    expect(receives()).toBe(2);
    await client.close();
  });

  it('makes no re-read for an event naming a version the cache already holds', async () => {
    const { client } = setup();
    const version = secrets.put('app/db', 'password-1');
    await client.get('app/db');
    sqs.sendEvent(queueUrl, labelUpdated(secrets.arnOf('app/db'), version));
    await until(() => sqs.depth(queueUrl) === 0);
    expect(secrets.calls.count('GetSecretValue')).toBe(1);
    await client.close();
  });

  it('unwraps an event inside an SNS notification', async () => {
    secrets.put('app/db', 'password-1');
    const { client, rotations } = setup();
    await client.get('app/db');
    const version = secrets.rotate('app/db', 'password-2');
    const event = labelUpdated(secrets.arnOf('app/db'), version);
    sqs.send(
      queueUrl,
      JSON.stringify({ Type: 'Notification', MessageId: 'm-1', Message: JSON.stringify(event) }),
    );
    await until(() => rotations.length === 1);
    expect(await client.get('app/db')).toBe('password-2');
    await client.close();
  });

  it('deletes and reports a poison message without quoting it, and keeps receiving', async () => {
    secrets.put('app/db', 'password-1');
    const { client, errors, rotations } = setup();
    await client.get('app/db');
    const canary = 'CANARY-sqs-body-9d1e';
    sqs.send(queueUrl, `not json ${canary}`);
    sqs.send(queueUrl, JSON.stringify([canary]));
    await until(() => errors.length === 2);
    expect(errors.map((event) => [event.operation, event.error.code])).toEqual([
      ['changes', 'PARSE'],
      ['changes', 'PARSE'],
    ]);
    for (const { error } of errors) {
      expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(canary);
    }
    await until(() => sqs.depth(queueUrl) === 0);
    const version = secrets.rotate('app/db', 'password-2');
    sqs.sendEvent(queueUrl, labelUpdated(secrets.arnOf('app/db'), version));
    await until(() => rotations.length === 1); // the same start still runs
    expect(errors).toHaveLength(2);
    await client.close();
  });

  it('reports a dropped long poll and reconnects after core’s backoff; queued events then arrive', async () => {
    secrets.put('app/db', 'password-1');
    const { client, errors, rotations } = setup();
    await client.get('app/db');
    await run();
    expect(sqs.dropOpenPolls()).toBe(1);
    await until(() => errors.length === 1);
    expect(errors[0]?.operation).toBe('changes');
    expect(errors[0]?.error.code).toBe('UNAVAILABLE');
    expect(errors[0]?.error.provider).toBe('aws-sqs');
    const version = secrets.rotate('app/db', 'password-2');
    sqs.sendEvent(queueUrl, labelUpdated(secrets.arnOf('app/db'), version)); // sent while disconnected
    await run(999);
    expect(rotations).toEqual([]);
    await run(1);
    await until(() => rotations.length === 1);
    expect(await client.get('app/db')).toBe('password-2');
    await client.close();
  });

  it('reports a denied receive with its code and backs off 1 s, then 2 s', async () => {
    sqs.failNext('AccessDenied', { status: 403, times: 2 });
    const { client, errors } = setup({ waitTimeSeconds: 1 });
    await until(() => errors.length === 1);
    expect(errors[0]?.error.code).toBe('ACCESS_DENIED');
    await run(999);
    expect(sqs.calls.count({ operation: 'ReceiveMessage' })).toBe(1);
    await run(1);
    await until(() => errors.length === 2);
    await run(1_999);
    expect(sqs.calls.count({ operation: 'ReceiveMessage' })).toBe(2);
    await run(1);
    await run(1_000); // the third receive long-polls its second
    expect(sqs.calls.log.map((call) => [call.operation, call.status])).toEqual([
      ['ReceiveMessage', 403],
      ['ReceiveMessage', 403],
      ['ReceiveMessage', 200],
    ]);
    await client.close();
  });

  it('reports a queue that does not exist as NOT_FOUND', async () => {
    const source = sqsChangeSource({
      queueUrl: `${sqs.endpoint}/123456789012/no-such-queue`,
      client: new SQSClient({ region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
    });
    const client = createSecretsClient({ provider: testProvider(), changes: [source] });
    clients.track(client);
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await until(() => errors.length === 1);
    expect(errors[0]?.error.code).toBe('NOT_FOUND');
    await client.close();
  });

  it('stops on close(): the long poll is aborted and no request follows', async () => {
    const { client } = setup({ waitTimeSeconds: 1 });
    await run(3_000);
    const polls = sqs.calls.count({ operation: 'ReceiveMessage' });
    expect(polls).toBeGreaterThan(0);
    await client.close();
    await run(60_000);
    expect(sqs.calls.count({ operation: 'ReceiveMessage' })).toBeLessThanOrEqual(polls + 1); // the aborted one
    const after = sqs.calls.log.length;
    await run(60_000);
    expect(sqs.calls.log.length).toBe(after);
  });

  it('builds its own client in the queue URL’s region on first use, reachable through client()', async () => {
    const source = sqsChangeSource({ queueUrl });
    const sdkClient = await source.client();
    expect(sdkClient).toBeInstanceOf(SQSClient);
    expect(await sdkClient.config.region()).toBe(REGION);
    expect(await sdkClient.config.maxAttempts()).toBe(1);
  });
});

describe('sqsChangeSource options', () => {
  it.each([
    ['no options', undefined],
    ['no queueUrl', {}],
    ['a queueUrl that is not a URL', { queueUrl: 'secret-changes' }],
    ['an unknown option', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', region: 'us-east-1' }],
    ['waitTimeSeconds over 20', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', waitTimeSeconds: 21 }],
    ['maxMessages 0', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', maxMessages: 0 }],
    ['a client without send()', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', client: {} }],
  ])('throws CONFIG for %s', (_, options) => {
    expect(() => sqsChangeSource(options as never)).toThrow(
      expect.objectContaining({ name: 'SecretsError', code: 'CONFIG' }),
    );
  });
});
