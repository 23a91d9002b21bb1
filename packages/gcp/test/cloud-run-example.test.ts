// The Cloud Run example (examples/cloud-run-service/service.ts) over gRPC against the local fake:
// one AccessSecretVersion for many requests, and the key swapped on rotation.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_KEY_SECRET, createService, type Service } from '../../../examples/cloud-run-service/service.ts';
import { gcpSecretManager } from '../src/index.js';
import { createSecretManagerFake, type FakeGrpcServer, fakeAuthClient } from '../src/testing/index.js';
import { PROJECT } from './harness.js';

const fake = createSecretManagerFake({ projectId: PROJECT });
let grpc: FakeGrpcServer;
let service: Service;
let base: string;

beforeAll(async () => {
  grpc = await fake.startGrpc();
  fake.put(API_KEY_SECRET, 'key-one');
  // In production: gcpSecretManager() with ADC. Here: a fake auth client and the local gRPC server.
  service = createService({
    provider: gcpSecretManager({
      projectId: PROJECT,
      authClient: fakeAuthClient(),
      clientOptions: grpc.clientOptions,
    }),
  });
  base = `http://127.0.0.1:${await service.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await service.close();
  await fake.close();
});

const call = (key?: string) =>
  fetch(`${base}/hello`, key === undefined ? {} : { headers: { 'x-api-key': key } });

it('checks the API key with one AccessSecretVersion for many requests, and swaps it on rotation', async () => {
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect(fake.calls.count()).toBe(0);
  expect((await call('key-one')).status).toBe(200);
  expect((await call('wrong')).status).toBe(401);
  expect((await call()).status).toBe(401);
  expect((await call('key-one')).status).toBe(200);
  expect(fake.calls.count('AccessSecretVersion', 'grpc')).toBe(1);
  expect(service.keyVersion()).toBe('1');

  fake.put(API_KEY_SECRET, 'key-two');
  await service.secrets.refresh(API_KEY_SECRET); // as a watch poll or the cache ttl would, sooner
  expect(service.keyVersion()).toBe('2');
  expect((await call('key-one')).status).toBe(401);
  expect((await call('key-two')).status).toBe(200);
  expect(fake.calls.count('AccessSecretVersion')).toBe(2);
  expect(fake.calls.count()).toBe(2);
});

it('answers 503 (not 401) while Secret Manager fails and nothing is cached', async () => {
  const down = createService({
    provider: gcpSecretManager({
      projectId: PROJECT,
      authClient: fakeAuthClient(),
      clientOptions: grpc.clientOptions,
    }),
  });
  const port = await down.listen(0, '127.0.0.1');
  fake.failNext('UNAVAILABLE', { times: 10 });
  const response = await fetch(`http://127.0.0.1:${port}/hello`, { headers: { 'x-api-key': 'key-two' } });
  expect(response.status).toBe(503);
  await down.close();
});
