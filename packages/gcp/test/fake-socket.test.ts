// The fake's real-socket mode: the REST wire answering on a loopback port, for the adapter through a
// real TCP connection and for another process (plain fetch in a child node), with faults and the
// call log shared with in-process use. Nothing is intercepted in this file: every request is real.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { gcpSecretManager } from '../src/index.js';
import { createSecretManagerFake, type FakeRestSocket, fakeAuthClient } from '../src/testing/index.js';
import { context, PROJECT, rejection } from './harness.js';

const run = promisify(execFile);
const fake = createSecretManagerFake({ projectId: PROJECT });

afterEach(async () => {
  await fake.close();
  fake.reset();
});

function restProvider(socket: FakeRestSocket, location?: string) {
  return gcpSecretManager({
    projectId: PROJECT,
    authClient: fakeAuthClient(),
    transport: 'rest',
    clientOptions: socket.clientOptions,
    ...(location === undefined ? {} : { location }),
  });
}

describe('listenOnSocket', () => {
  it('answers the adapter over a real socket: reads, writes, listing and faults', async () => {
    const socket = await fake.listenOnSocket({ port: 0 });
    expect(socket.url).toBe(`http://127.0.0.1:${socket.port}`);
    fake.put('db', 'one');
    const p = restProvider(socket);
    expect(await p.getSecret({ name: 'db' }, context())).toMatchObject({ value: 'one', version: '1' });
    expect(await p.setSecret('db', 'two', context())).toEqual({ version: '2' });
    expect(await p.getVersion({ name: 'db' }, context())).toBe('2');
    fake.failNext('PERMISSION_DENIED');
    expect(await rejection(p.getSecret({ name: 'db' }, context()))).toMatchObject({
      code: 'ACCESS_DENIED',
      statusCode: 403,
    });
    const names: string[] = [];
    for await (const entry of p.listSecrets(context())) names.push(entry.name);
    expect(names).toEqual(['db']);
    expect(fake.calls.log.map((call) => `${call.operation}:${call.status}@${call.host}`)).toEqual([
      'AccessSecretVersion:OK@secretmanager.googleapis.com',
      'AddSecretVersion:OK@secretmanager.googleapis.com',
      'GetSecretVersion:OK@secretmanager.googleapis.com',
      'AccessSecretVersion:PERMISSION_DENIED@secretmanager.googleapis.com',
      'ListSecrets:OK@secretmanager.googleapis.com',
    ]);
    expect(fake.calls.count(undefined, 'rest')).toBe(5);
    await p.close();
  });

  it('a dropped connection on the socket is UNAVAILABLE', async () => {
    const socket = await fake.listenOnSocket();
    const p = restProvider(socket);
    fake.failNext('NETWORK_ERROR');
    expect(await rejection(p.getSecret({ name: 'db' }, context()))).toMatchObject({ code: 'UNAVAILABLE' });
    expect(fake.calls.log.map((call) => call.status)).toEqual(['NETWORK_ERROR']);
    await p.close();
  });

  it('listens as a regional host for a regional provider', async () => {
    const socket = await fake.listenOnSocket({ location: 'europe-west1' });
    fake.put('regional', 'eu', { location: 'europe-west1' });
    const p = restProvider(socket, 'europe-west1');
    expect(await p.getSecret({ name: 'regional' }, context())).toMatchObject({ value: 'eu' });
    expect(fake.calls.log.map((call) => call.host)).toEqual([
      'secretmanager.europe-west1.rep.googleapis.com',
    ]);
    await p.close();
  });

  it('answers another process, and records what it cannot route', async () => {
    const socket = await fake.listenOnSocket();
    fake.put('db', 'from-the-fake');
    const script = `
      const base = process.argv[1];
      const headers = { authorization: 'Bearer test' };
      const read = await fetch(base + '/v1/projects/${PROJECT}/secrets/db/versions/latest:access', { headers });
      const body = await read.json();
      const unknown = await fetch(base + '/v2/elsewhere', { headers }).then((r) => r.status, () => 'dropped');
      console.log(JSON.stringify({ status: read.status, data: Buffer.from(body.payload.data, 'base64').toString(), unknown }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, socket.url]);
    expect(JSON.parse(stdout)).toEqual({ status: 200, data: 'from-the-fake', unknown: 'dropped' });
    expect(fake.calls.log.map((call) => `${call.operation}:${call.status}`)).toEqual([
      'AccessSecretVersion:OK',
    ]);
    expect(fake.unhandledRequests).toEqual([
      { method: 'GET', url: 'https://secretmanager.googleapis.com/v2/elsewhere' },
    ]);
  });

  it('close() frees the port', async () => {
    const socket = await fake.listenOnSocket();
    await socket.close();
    const p = restProvider(socket);
    expect(await rejection(p.getSecret({ name: 'db' }, context()))).toMatchObject({ code: 'UNAVAILABLE' });
    expect(fake.calls.count()).toBe(0);
    await p.close();
  });
});
