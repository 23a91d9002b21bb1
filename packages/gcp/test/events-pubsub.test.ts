// pubsubChangeSource through the real @google-cloud/pubsub (streaming pull over gRPC) against the
// local Pub/Sub gRPC fake, end to end with a real client over the Secret Manager gRPC fake (no msw
// in this file: its socket interception breaks HTTP/2 to local servers): a SECRET_VERSION_ADD
// becomes one re-read and a `rotate`, and is acknowledged; a dropped stream is reconnected by the
// SDK; a refused subscription is an `error` event and a new start after core's backoff.
import { PubSub } from '@google-cloud/pubsub';
import { loopbackPump, useWatchedClients } from '@secretkit/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pubsubChangeSource } from '../src/events/index.js';
import { createPubSubFake } from '../src/testing/events-pubsub-fake.js';
import { createSecretManagerFake, type FakeGrpcServer } from '../src/testing/index.js';
import { providerFor } from './harness.js';

const SUBSCRIPTION = 'projects/test-project/subscriptions/secret-events-1';
const pubsub = createPubSubFake();
const secrets = createSecretManagerFake();
let endpoint = '';
let grpc: FakeGrpcServer;
beforeAll(async () => {
  endpoint = await pubsub.start();
  grpc = await secrets.startGrpc();
});
afterAll(async () => {
  await pubsub.close();
  await secrets.close();
});
const clients = useWatchedClients({
  afterEach() {
    pubsub.reset();
    secrets.reset();
  },
});
const { run, until } = loopbackPump();

function versionAdd(secretId: string, version: string) {
  const secret = `projects/123456789/secrets/${secretId}`;
  return {
    attributes: {
      eventType: 'SECRET_VERSION_ADD',
      dataFormat: 'JSON_API_V1',
      secretId: secret,
      versionId: `${secret}/versions/${version}`,
      timestamp: '2026-01-01T00:00:00.000000-08:00',
    },
    data: { name: `${secret}/versions/${version}`, state: 'ENABLED' },
  };
}

function setup(subscription = SUBSCRIPTION) {
  pubsub.createSubscription(SUBSCRIPTION);
  const source = pubsubChangeSource({
    subscription,
    client: new PubSub({ apiEndpoint: endpoint, projectId: 'test-project' }),
  });
  const { client, rotations, errors } = clients.start(providerFor('grpc', grpc), [source]);
  return { client, rotations, errors };
}

describe('pubsubChangeSource', () => {
  it('turns a SECRET_VERSION_ADD into one re-read and a rotate, and acknowledges it', async () => {
    secrets.put('db-password', 'one');
    const { client, rotations } = setup();
    expect(await client.get('db-password')).toBe('one');
    await until(() => pubsub.openStreams() === 1);
    const version = secrets.put('db-password', 'two');
    pubsub.publish(SUBSCRIPTION, versionAdd('db-password', version));
    await until(() => rotations.length === 1);
    expect(rotations[0]).toMatchObject({ name: 'db-password', previousVersion: '1', version: '2' });
    expect(await client.get('db-password')).toBe('two');
    await until(() => pubsub.unacked(SUBSCRIPTION) === 0, 50); // the SDK batches acks for up to 100 ms
    expect(pubsub.calls.count({ rpc: 'StreamingPull' })).toBe(1); // one stream, not the SDK's default five
  });

  it('acknowledges a message that gives no hint (TOPIC_CONFIGURED)', async () => {
    setup();
    await until(() => pubsub.openStreams() === 1);
    pubsub.publish(SUBSCRIPTION, { attributes: { eventType: 'TOPIC_CONFIGURED' } });
    await until(() => pubsub.unacked(SUBSCRIPTION) === 0, 50); // the SDK batches acks for up to 100 ms
  });

  it('keeps receiving after the stream drops: the SDK reconnects, and the message is redelivered', async () => {
    secrets.put('db-password', 'one');
    const { client, rotations, errors } = setup();
    await client.get('db-password');
    await until(() => pubsub.openStreams() === 1);
    expect(pubsub.endStreams()).toBe(1);
    const version = secrets.put('db-password', 'two');
    pubsub.publish(SUBSCRIPTION, versionAdd('db-password', version));
    await until(() => rotations.length === 1, 100); // the SDK's reconnect backoff
    expect(pubsub.calls.count({ rpc: 'StreamingPull' })).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
  });

  it('reports a subscription that does not exist as NOT_FOUND and starts again after 1 s', async () => {
    const { errors } = setup('projects/test-project/subscriptions/missing');
    await until(() => errors.length === 1);
    expect(errors[0]?.operation).toBe('changes');
    expect(errors[0]?.error.code).toBe('NOT_FOUND');
    expect(errors[0]?.error.provider).toBe('gcp-pubsub');
    const streams = pubsub.calls.count({ rpc: 'StreamingPull' });
    await run(999);
    expect(pubsub.calls.count({ rpc: 'StreamingPull' })).toBe(streams);
    await run(1);
    await until(() => errors.length === 2); // core's backoff over, the next start fails the same way
    expect(pubsub.calls.count({ rpc: 'StreamingPull' })).toBe(streams + 1);
  });

  it('stops on close(): the stream ends', async () => {
    const { client } = setup();
    await until(() => pubsub.openStreams() === 1);
    await client.close();
    await until(() => pubsub.openStreams() === 0);
  });
});

describe('pubsubChangeSource options', () => {
  it.each([
    ['no options', undefined],
    ['a bare subscription id', { subscription: 'secret-events' }],
    ['an unknown option', { subscription: SUBSCRIPTION, topic: 't' }],
    ['a client that is not a PubSub client', { subscription: SUBSCRIPTION, client: {} }],
  ])('throws CONFIG for %s', (_, options) => {
    expect(() => pubsubChangeSource(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });
});
