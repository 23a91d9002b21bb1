// A user's test against the packed @secretkit/azure/testing fake and its test credential.

import { azureKeyVault } from '@secretkit/azure';
import { createKeyVaultFake, fakeCredential } from '@secretkit/azure/testing';
import { createSecretsClient } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const fake = createKeyVaultFake();
beforeAll(() => fake.listen());
afterEach(() => {
  expect(fake.unhandledRequests).toEqual([]);
  fake.reset();
});
afterAll(() => fake.close());

it('reads a secret and its version', async () => {
  const version = fake.put('db-password', 'pw');
  const secrets = createSecretsClient({
    provider: azureKeyVault({ vaultUrl: fake.vaultUrl, credential: fakeCredential() }),
  });
  const secret = await secrets.getSecret('db-password');
  expect([secret.text(), secret.version]).toEqual(['pw', version]);
  await secrets.close();
});
