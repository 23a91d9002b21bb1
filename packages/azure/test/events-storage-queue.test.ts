// storageQueueChangeSource through the real @azure/storage-queue against the Storage queue wire
// fake, end to end with a real client over the Key Vault fake: an Event Grid message (Base64 JSON)
// becomes one re-read and a `rotate`, and is deleted; poison is deleted and reported; a dropped
// connection is an `error` event and a new start after core's backoff. Fake timers throughout.
import { QueueClient } from '@azure/storage-queue';
import { loopbackPump, useWatchedClients } from '@secretkit/conformance';
import { beforeEach, describe, expect, it } from 'vitest';
import { storageQueueChangeSource } from '../src/events/index.js';
import { createStorageQueueFake } from '../src/testing/events-storage-queue-fake.js';
import { fakeCredential } from '../src/testing/index.js';
import { testProvider, useFake } from './harness.js';

const vault = useFake();
const storage = createStorageQueueFake();
let queueUrl = '';
beforeEach(() => {
  queueUrl = storage.createQueue('kv-events');
});
const clients = useWatchedClients({ fakes: [storage] });
const { run, until } = loopbackPump({ immediatesPerStep: 3, maxRounds: 200 });

function newVersionEvent(name: string, version: string) {
  return {
    id: `evt-${version}`,
    topic: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/myvault',
    subject: name,
    eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
    eventTime: '2026-01-01T00:00:00Z',
    data: {
      Id: `https://myvault.vault.azure.net/secrets/${name}/${version}`,
      VaultName: 'myvault',
      ObjectType: 'Secret',
      ObjectName: name,
      Version: version,
    },
    dataVersion: '1',
    metadataVersion: '1',
  };
}

function setup() {
  const source = storageQueueChangeSource({ queueUrl, credential: fakeCredential() });
  const { client, rotations, errors } = clients.start(testProvider(), [source]);
  return { source, client, rotations, errors };
}

describe('storageQueueChangeSource', () => {
  it('turns a new-version event into one re-read and a rotate, and deletes the message', async () => {
    const first = vault.put('db-password', 'password-1');
    const { client, rotations } = setup();
    expect(await client.get('db-password')).toBe('password-1');
    const second = vault.put('db-password', 'password-2');
    storage.sendEvent('kv-events', newVersionEvent('db-password', second));
    await until(() => rotations.length === 1, 1_000);
    expect(rotations[0]).toMatchObject({ name: 'db-password', previousVersion: first, version: second });
    expect(await client.get('db-password')).toBe('password-2');
    expect(vault.calls.count('getSecret')).toBe(2);
    await until(() => storage.depth('kv-events') === 0);
    expect(storage.calls.count({ operation: 'DeleteMessage', status: 204 })).toBe(1);
    await client.close();
  });

  it('polls an empty queue once a second', async () => {
    const { client } = setup();
    await run();
    const first = storage.calls.count({ operation: 'GetMessages' });
    expect(first).toBe(1);
    await run(1_000);
    expect(storage.calls.count({ operation: 'GetMessages' })).toBe(2);
    await run(3_000);
    expect(storage.calls.count({ operation: 'GetMessages' })).toBe(5);
    await client.close();
  });

  it('makes no re-read for an event naming the cached version', async () => {
    const version = vault.put('db-password', 'password-1');
    const { client } = setup();
    await client.get('db-password');
    storage.sendEvent('kv-events', newVersionEvent('db-password', version));
    await until(() => storage.depth('kv-events') === 0, 1_000);
    expect(vault.calls.count('getSecret')).toBe(1);
    await client.close();
  });

  it('deletes and reports a poison message without quoting it', async () => {
    const { client, errors } = setup();
    const canary = 'CANARY-queue-3e7d';
    storage.send('kv-events', `<<${canary}>>`);
    await until(() => errors.length === 1, 1_000);
    expect(errors[0]?.operation).toBe('changes');
    expect(errors[0]?.error.code).toBe('PARSE');
    expect(`${errors[0]?.error.message} ${errors[0]?.error.stack}`).not.toContain(canary);
    await until(() => storage.depth('kv-events') === 0);
    await client.close();
  });

  it('reports a dropped connection and starts again after core’s backoff', async () => {
    const version = vault.put('db-password', 'password-1');
    const { client, errors, rotations } = setup();
    await client.get('db-password');
    storage.failNext('NetworkError');
    await until(() => errors.length === 1, 100);
    expect(errors[0]?.error.code).toBe('UNAVAILABLE');
    expect(errors[0]?.error.provider).toBe('azure-storage-queue');
    const polls = storage.calls.count({ operation: 'GetMessages' });
    await run(999);
    expect(storage.calls.count({ operation: 'GetMessages' })).toBe(polls);
    const second = vault.put('db-password', 'password-2');
    storage.sendEvent('kv-events', newVersionEvent('db-password', second));
    await run(1);
    await until(() => rotations.length === 1);
    expect(rotations[0]?.previousVersion).toBe(version);
    await client.close();
  });

  it('reports a missing queue as NOT_FOUND and a refused one as ACCESS_DENIED', async () => {
    storage.failNext('AuthorizationPermissionMismatch', { status: 403 });
    const { client, errors } = setup();
    await until(() => errors.length === 1);
    expect(errors[0]?.error.code).toBe('ACCESS_DENIED');
    storage.reset(); // the queue is gone
    await run(1_000);
    await until(() => errors.length === 2);
    expect(errors[1]?.error.code).toBe('NOT_FOUND');
    await client.close();
  });

  it('stops on close(): no request follows', async () => {
    const { client } = setup();
    await run(2_000);
    await client.close();
    const after = storage.calls.log.length;
    await run(60_000);
    expect(storage.calls.log.length).toBe(after);
  });

  it('builds its QueueClient on first use, reachable through client()', async () => {
    const source = storageQueueChangeSource({ queueUrl, credential: fakeCredential() });
    const queue = await source.client();
    expect(queue).toBeInstanceOf(QueueClient);
    expect(queue.name).toBe('kv-events');
  });
});

describe('storageQueueChangeSource options', () => {
  it.each([
    ['no queueUrl', {}],
    ['a queueUrl that is not a URL', { queueUrl: 'kv-events' }],
    ['no options', undefined],
    ['an unknown option', { queueUrl: 'https://a.queue.core.windows.net/q', queue: 'q' }],
    ['a credential without getToken', { queueUrl: 'https://a.queue.core.windows.net/q', credential: {} }],
    ['a pollInterval below 100ms', { queueUrl: 'https://a.queue.core.windows.net/q', pollInterval: '10ms' }],
    ['a bad pollInterval', { queueUrl: 'https://a.queue.core.windows.net/q', pollInterval: 'soon' }],
    ['maxMessages 33', { queueUrl: 'https://a.queue.core.windows.net/q', maxMessages: 33 }],
  ])('throws CONFIG for %s', (_, options) => {
    expect(() => storageQueueChangeSource(options as never)).toThrow(
      expect.objectContaining({ name: 'SecretsError', code: 'CONFIG' }),
    );
  });
});
