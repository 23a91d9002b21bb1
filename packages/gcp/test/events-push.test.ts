// pubsubPushHandler: a push subscription's requests turned into hints for a real client (one
// re-read, `rotate`), 204 to acknowledge, 503 while no client listens, and the request checks.

import { watchedClients } from '@secretkit/conformance';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pubsubPushHandler } from '../src/events/index.js';
import { createSecretManagerFake, type FakeGrpcServer } from '../src/testing/index.js';
import { providerFor } from './harness.js';

const secrets = createSecretManagerFake();
let grpc: FakeGrpcServer;
beforeAll(async () => {
  grpc = await secrets.startGrpc();
});
afterAll(() => secrets.close());
const clients = watchedClients();
afterEach(async () => {
  await clients.closeAll();
  secrets.reset();
});

function pushBody(secretId: string, version: string) {
  const secret = `projects/123456789/secrets/${secretId}`;
  const data = Buffer.from(
    JSON.stringify({ name: `${secret}/versions/${version}`, state: 'ENABLED' }),
  ).toString('base64');
  return {
    message: {
      attributes: {
        eventType: 'SECRET_VERSION_ADD',
        dataFormat: 'JSON_API_V1',
        secretId: secret,
        versionId: `${secret}/versions/${version}`,
      },
      data,
      messageId: '2070443601311540',
      publishTime: '2026-01-01T00:00:00.000Z',
    },
    subscription: 'projects/test-project/subscriptions/secret-events-push',
  };
}

const post = (body: unknown, url = 'https://app.example.test/pubsub') =>
  new Request(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

async function settle(done: () => boolean) {
  const started = Date.now();
  while (!done() && Date.now() - started < 5_000) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

describe('pubsubPushHandler', () => {
  it('turns a pushed SECRET_VERSION_ADD into one re-read and a rotate, and answers 204', async () => {
    secrets.put('db-password', 'one');
    const handler = pubsubPushHandler();
    const { client, rotations } = clients.start(providerFor('grpc', grpc), [handler]);
    expect(await client.get('db-password')).toBe('one');
    const version = secrets.put('db-password', 'two');
    const response = await handler.handle(post(pushBody('db-password', version)));
    expect(response.status).toBe(204);
    await settle(() => rotations.length === 1);
    expect(await client.get('db-password')).toBe('two');
  });

  it('answers 503 while no client has started it, so Pub/Sub delivers again later', async () => {
    expect((await pubsubPushHandler().handle(post(pushBody('db-password', '2')))).status).toBe(503);
  });

  it.each([
    ['GET', new Request('https://app.example.test/pubsub'), 405],
    ['a body that is not JSON', post('not json'), 400],
    ['a body without a message', post({ subscription: 's' }), 400],
  ])('refuses %s', async (_, request, status) => {
    expect((await pubsubPushHandler().handle(request)).status).toBe(status);
  });

  it('answers 401 when authorize refuses', async () => {
    const handler = pubsubPushHandler({
      authorize: (request) => request.headers.get('authorization') === 'Bearer ok',
    });
    expect((await handler.handle(post(pushBody('db-password', '2')))).status).toBe(401);
  });

  it('throws CONFIG for an unknown option', () => {
    expect(() => pubsubPushHandler({ audience: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });
});
