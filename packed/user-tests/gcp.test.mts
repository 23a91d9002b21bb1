// A user's test against the packed @secretkit/gcp/testing fake, over REST (msw) and gRPC (a local
// server), each in its own describe block as the README says.
import { createSecretsClient } from '@secretkit/core';
import { gcpSecretManager } from '@secretkit/gcp';
import { createSecretManagerFake, fakeAuthClient } from '@secretkit/gcp/testing';
import { afterAll, describe, expect, it } from 'vitest';

describe('REST', () => {
  const fake = createSecretManagerFake({ projectId: 'test-project' });
  afterAll(() => fake.close());

  it('reads the latest version', async () => {
    fake.listen();
    fake.put('db', 'v1');
    const provider = gcpSecretManager({
      projectId: 'test-project',
      authClient: fakeAuthClient(),
      transport: 'rest',
    });
    const secrets = createSecretsClient({ provider });
    await expect(secrets.get('db')).resolves.toBe('v1');
    expect(fake.unhandledRequests).toEqual([]);
    await secrets.close();
  });
});

describe('gRPC', () => {
  const fake = createSecretManagerFake({ projectId: 'test-project' });
  afterAll(() => fake.close());

  it('reads the latest version', async () => {
    const grpc = await fake.startGrpc();
    fake.put('db', 'v1');
    const provider = gcpSecretManager({
      projectId: 'test-project',
      authClient: fakeAuthClient(),
      clientOptions: grpc.clientOptions,
    });
    const secrets = createSecretsClient({ provider });
    await expect(secrets.get('db')).resolves.toBe('v1');
    await secrets.close();
  });
});
