// eventGridWebhook: the validation handshakes of both schemas, deliveries turned into hints for a
// real client (one re-read, `rotate`), 503 while no client listens, and the request checks. Through
// its Fetch handler and, once, its Node listener on a loopback server.
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { watchedClients } from '@secretkit/conformance';
import { createSecretsClient } from '@secretkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { eventGridWebhook } from '../src/events/index.js';
import { testProvider, useFake } from './harness.js';

const vault = useFake();
const clients = watchedClients();
afterEach(async () => {
  await clients.closeAll();
});

/** The validation event Event Grid sends when a webhook subscription is created (Event Grid schema). */
const VALIDATION = [
  {
    id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
    topic: '/subscriptions/xx/resourceGroups/xx/providers/Microsoft.KeyVault/vaults/myvault',
    subject: '',
    data: {
      validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
      validationUrl:
        'https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/sub/validate?id=1&t=2&apiVersion=2018-05-01-preview&token=x',
    },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: '2022-10-28T04:23:35.1981776Z',
    metadataVersion: '1',
    dataVersion: '1',
  },
];

function delivery(name: string, version: string) {
  return [
    {
      id: `evt-${version}`,
      topic: '/subscriptions/xx/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/myvault',
      subject: name,
      eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
      eventTime: '2026-01-01T00:00:00Z',
      data: {
        Id: `https://myvault.vault.azure.net/secrets/${name}/${version}`,
        ObjectName: name,
        Version: version,
      },
      dataVersion: '1',
      metadataVersion: '1',
    },
  ];
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('https://app.example.test/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Lets a hint's re-read reach the fake and come back. */
async function settle(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(done()).toBe(true);
}

/** One HTTP/1.1 POST over a plain socket to 127.0.0.1; the status and the body of the answer. */
function rawPost(port: number, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

describe('eventGridWebhook', () => {
  it('answers the Event Grid validation handshake with the validation code', async () => {
    const webhook = eventGridWebhook();
    const response = await webhook.handle(post(VALIDATION, { 'aeg-event-type': 'SubscriptionValidation' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  it('answers the CloudEvents abuse-protection handshake (OPTIONS)', async () => {
    const webhook = eventGridWebhook();
    const response = await webhook.handle(
      new Request('https://app.example.test/events', {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    const bare = await webhook.handle(new Request('https://app.example.test/events', { method: 'OPTIONS' }));
    expect(bare.status).toBe(400);
  });

  it('turns a delivery into one re-read and a rotate for the client it serves', async () => {
    const first = vault.put('db-password', 'password-1');
    const webhook = eventGridWebhook();
    const { client, rotations } = clients.start(testProvider(), [webhook]);
    expect(await client.get('db-password')).toBe('password-1');
    const second = vault.put('db-password', 'password-2');
    const response = await webhook.handle(post(delivery('db-password', second)));
    expect(response.status).toBe(200);
    await settle(() => rotations.length === 1);
    expect(rotations[0]).toMatchObject({ previousVersion: first, version: second });
    expect(vault.calls.count('getSecret')).toBe(2);
  });

  it('answers 503 while no client has started it, so Event Grid retries the delivery', async () => {
    const webhook = eventGridWebhook();
    const response = await webhook.handle(post(delivery('db-password', 'v1')));
    expect(response.status).toBe(503);
  });

  it('stops delivering to a closed client', async () => {
    const webhook = eventGridWebhook();
    const client = createSecretsClient({ provider: testProvider(), changes: [webhook] });
    await new Promise((resolve) => setTimeout(resolve, 0)); // the source starts
    await client.close();
    expect((await webhook.handle(post(delivery('db-password', 'v1')))).status).toBe(503);
  });

  it.each([
    ['GET', new Request('https://app.example.test/events'), 405],
    ['a body that is not JSON', post('not json'), 400],
    ['a validation event without a code', post([{ ...VALIDATION[0], data: {} }]), 400],
  ])('refuses %s', async (_, request, status) => {
    const webhook = eventGridWebhook();
    expect((await webhook.handle(request)).status).toBe(status);
  });

  it('answers 401 when authorize refuses, before reading the body', async () => {
    const webhook = eventGridWebhook({
      authorize: (request) => new URL(request.url).searchParams.get('key') === 's3',
    });
    expect((await webhook.handle(post(VALIDATION))).status).toBe(401);
    const allowed = new Request('https://app.example.test/events?key=s3', {
      method: 'POST',
      body: JSON.stringify(VALIDATION),
    });
    expect((await webhook.handle(allowed)).status).toBe(200);
  });

  it('throws CONFIG for an unknown option or an authorize that is not a function', () => {
    expect(() => eventGridWebhook({ secret: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => eventGridWebhook({ authorize: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });

  it('serves node:http through its listener', async () => {
    const webhook = eventGridWebhook();
    const server = createServer(webhook.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // A raw socket: msw intercepts this process's HTTP clients, not a plain TCP connection.
      const answer = await rawPost(port, '/events', JSON.stringify(VALIDATION));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
