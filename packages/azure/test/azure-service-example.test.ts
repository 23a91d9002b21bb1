// The service example (examples/azure-service/service.ts) against the fake: cached reads make no
// request, and a rotation makes the next request use the new connection string.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createService, SECRET_NAME } from '../../../examples/azure-service/service.ts';
import { fakeCredential } from '../src/testing/index.js';
import { guardedFake, VAULT_URL } from './harness.js';

const fake = guardedFake();
const service = createService({ vaultUrl: VAULT_URL, credential: fakeCredential() });
beforeAll(() => {
  fake.listen();
  fake.put(SECRET_NAME, 'Server=tcp:db-one.database.windows.net,1433;User ID=app;Password=first-password');
});
afterEach(() => expect(fake.unhandledRequests).toEqual([]));
afterAll(async () => {
  await service.close();
  await fake.close();
});

it('two requests make one Key Vault read; a rotation swaps the connection', async () => {
  expect(await service.handle('/whoami')).toEqual({
    status: 200,
    body: { connectionId: 1, server: 'db-one.database.windows.net' },
  });
  expect((await service.handle('/whoami')).body).toMatchObject({ connectionId: 1 });
  expect(fake.calls.count('getSecret')).toBe(1);

  fake.put(SECRET_NAME, 'Server=tcp:db-two.database.windows.net,1433;User ID=app;Password=second-password');
  await service.secrets.refresh(SECRET_NAME); // as a watch poll or the cache ttl would, sooner
  expect(await service.handle('/whoami')).toEqual({
    status: 200,
    body: { connectionId: 2, server: 'db-two.database.windows.net' },
  });
  expect(fake.calls.count('getSecret')).toBe(2);
  expect(JSON.stringify(await service.handle('/whoami'))).not.toContain('password');
});

it('over HTTP on a loopback port, served from the cache', async () => {
  await fake.close(); // msw would intercept the loopback request too; the cached secret needs no Key Vault call
  const server = await service.listen(0);
  const { port } = server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/whoami`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ server: 'db-two.database.windows.net' });
});
