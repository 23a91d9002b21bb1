// A user's test against the packed @secretkit/azure/testing fake and its test credential.

import { azureKeyVault } from '@secretkit/azure';
import { createKeyVaultFake, fakeCredential } from '@secretkit/azure/testing';
import { createSecretsClient } from '@secretkit/core';
import { expect, it } from 'vitest';
import { useFake } from './use-fake.mjs';

const fake = useFake(createKeyVaultFake());

it('reads a secret and its version', async () => {
  const version = fake.put('db-password', 'pw');
  const secrets = createSecretsClient({
    provider: azureKeyVault({ vaultUrl: fake.vaultUrl, credential: fakeCredential() }),
  });
  const secret = await secrets.getSecret('db-password');
  expect([secret.text(), secret.version]).toEqual(['pw', version]);
  await secrets.close();
});
