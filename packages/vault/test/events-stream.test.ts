// vaultEventsChangeSource over Node's WebSocket against the loopback Vault events fake, end to end
// with a real client over the Vault fake (on its real socket, so no in-process interception
// stands between the WebSocket and the events fake): a data-write event becomes one re-read and a
// `rotate`; the adapter's token subscribes; a dropped stream is an `error` event and a reconnect
// after core's backoff; a re-login reconnects with the new token. Fake timers for the backoff.

import { loopbackPump, useWatchedClients } from '@secretkit/conformance';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { vaultEventsChangeSource } from '../src/events/index.js';
import { hashicorpVault } from '../src/index.js';
import { createVaultEventsFake } from '../src/testing/events-vault-fake.js';
import { createVaultFake, type VaultFakeSocket } from '../src/testing/index.js';
import { dataWrite } from './kv-events.js';

const vault = createVaultFake({ loginToken: { ttl: 20, maxTtl: 20, renewable: false } });
const events = createVaultEventsFake({
  tokens: [vault.rootToken],
  accepts: (token) => vault.token(token) !== undefined,
});
let vaultSocket: VaultFakeSocket;
let eventsUrl = '';
beforeAll(async () => {
  await import('node-vault'); // loaded once here: the adapter's first import is not part of any test's timing
  vaultSocket = await vault.listen({ port: 0 });
  eventsUrl = await events.listen();
});
const clients = useWatchedClients({
  afterEach() {
    vi.unstubAllEnvs();
    expect(vault.unhandledRequests).toEqual([]);
    vault.reset();
    events.reset();
  },
});
const { run, until } = loopbackPump();
afterAll(async () => {
  await events.close();
  await vault.close();
});

function setup(options: { auth?: boolean; eventTypes?: string[] } = {}) {
  const provider = hashicorpVault({
    address: vaultSocket.url,
    kv: { secret: 2 },
    ...(options.auth
      ? {
          auth: {
            method: 'approle' as const,
            roleId: vault.approle.roleId,
            secretId: vault.approle.secretId,
          },
        }
      : { token: vault.rootToken }),
  });
  const source = vaultEventsChangeSource({
    provider,
    address: eventsUrl,
    ...(options.eventTypes ? { eventTypes: options.eventTypes } : {}),
  });
  const { client, rotations, errors } = clients.start(provider, [source]);
  return { provider, client, rotations, errors };
}

describe('vaultEventsChangeSource', () => {
  it('subscribes with the adapter token and turns a data-write into one re-read and a rotate', async () => {
    vault.put('secret/app/db', { password: 'one' });
    const { client, rotations } = setup();
    expect(await client.get('secret/app/db')).toBe('{"password":"one"}');
    await until(() => events.subscriptions().length === 1);
    expect(events.calls.log).toEqual([{ eventType: 'kv*', json: true, status: 101, token: vault.rootToken }]);
    const reads = vault.calls.count();
    const version = vault.put('secret/app/db', { password: 'two' })!;
    expect(events.publish(dataWrite('secret/data/app/db', version))).toBe(1);
    await until(() => rotations.length === 1);
    expect(rotations[0]).toMatchObject({ name: 'secret/app/db', previousVersion: '1', version: '2' });
    expect(await client.get('secret/app/db')).toBe('{"password":"two"}');
    expect(vault.calls.count() - reads).toBe(1);
  });

  it('makes no read for an event at the cached version', async () => {
    const version = vault.put('secret/app/db', { password: 'one' })!;
    const { client } = setup();
    await client.get('secret/app/db');
    await until(() => events.subscriptions().length === 1);
    const reads = vault.calls.count();
    events.publish(dataWrite('secret/data/app/db', version));
    await run();
    await run();
    expect(vault.calls.count()).toBe(reads);
  });

  it('opens one stream per event type', async () => {
    setup({ eventTypes: ['kv-v2/data-*', 'kv-v1/write'] });
    await until(() => events.subscriptions().length === 2);
    expect(
      events
        .subscriptions()
        .map((subscription) => subscription.eventType)
        .sort(),
    ).toEqual(['kv-v1/write', 'kv-v2/data-*']);
  });

  it('reports a dropped stream and reconnects after core’s 1 s backoff', async () => {
    vault.put('secret/app/db', { password: 'one' });
    const { client, errors, rotations } = setup();
    await client.get('secret/app/db');
    await until(() => events.subscriptions().length === 1);
    expect(events.dropConnections()).toBe(1);
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ operation: 'changes' });
    expect(errors[0]?.error.code).toBe('UNAVAILABLE');
    expect(errors[0]?.error.provider).toBe('vault-events');
    await run(900);
    expect(events.subscriptions()).toHaveLength(0);
    await run(100);
    await until(() => events.subscriptions().length === 1);
    const version = vault.put('secret/app/db', { password: 'two' })!;
    events.publish(dataWrite('secret/data/app/db', version));
    await until(() => rotations.length === 1);
  });

  it('reports a refused subscription with the policy it needs, without the token', async () => {
    events.refuseNext(403);
    const { errors } = setup();
    await until(() => errors.length === 1);
    const error = errors[0]!.error;
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('sys/events/subscribe/kv*');
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(vault.rootToken);
    await run(1_000);
    await until(() => events.subscriptions().length === 1); // the restart subscribes
  });

  it('reports a frame that is not JSON without quoting it, and keeps the stream', async () => {
    const { errors } = setup();
    await until(() => events.subscriptions().length === 1);
    events.publish('not json CANARY-frame-44');
    await until(() => errors.length === 1);
    expect(errors[0]?.error.code).toBe('PARSE');
    expect(errors[0]?.error.message).not.toContain('CANARY');
    expect(events.subscriptions()).toHaveLength(1);
  });

  it('reconnects with the new token after the adapter logs in again', async () => {
    vault.put('secret/app/db', { password: 'one' });
    vi.stubEnv('VAULT_TOKEN', ''); // else node-vault starts with the environment's token
    const { client, errors } = setup({ auth: true });
    await run(2_000); // no token before the first login: the source waits, quietly
    expect(events.calls.log).toEqual([]);
    await client.get('secret/app/db'); // the first login
    await until(() => events.subscriptions().length === 1, 100);
    expect(errors).toEqual([]);
    const first = events.calls.log[0]?.token;
    expect(first).toMatch(/^hvs\./);
    await until(() => events.calls.count({ status: 101 }) === 2, 1_000); // the token is replaced before 20 s
    const second = events.calls.log.at(-1)?.token;
    expect(second).toMatch(/^hvs\./);
    expect(second).not.toBe(first);
    expect(events.subscriptions()).toHaveLength(1);
  });

  it('stops on close(): the stream is closed and not opened again', async () => {
    const { client } = setup();
    await until(() => events.subscriptions().length === 1);
    await client.close();
    await until(() => events.subscriptions().length === 0);
    await run(120_000);
    expect(events.calls.log).toHaveLength(1);
  });
});

describe('vaultEventsChangeSource options', () => {
  const provider = () => hashicorpVault({ address: 'http://127.0.0.1:8200', token: 't' });
  it.each([
    ['no options', () => undefined],
    ['no provider', () => ({})],
    ['a provider that is not the Vault adapter', () => ({ provider: { name: 'x' } })],
    ['an empty eventTypes', () => ({ provider: provider(), eventTypes: [] })],
    ['an event type with a query', () => ({ provider: provider(), eventTypes: ['kv*?x=1'] })],
    ['an address with a path', () => ({ provider: provider(), address: 'https://vault:8200/v1' })],
    ['an unknown option', () => ({ provider: provider(), token: 't' })],
  ])('throws CONFIG for %s', (_, options) => {
    expect(() => vaultEventsChangeSource(options() as never)).toThrow(
      expect.objectContaining({ name: 'SecretsError', code: 'CONFIG' }),
    );
  });
});
