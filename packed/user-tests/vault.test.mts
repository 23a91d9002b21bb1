// A user's test against the packed @secretkit/vault/testing fake: KV v2 and a dynamic secret.
import { createSecretsClient } from '@secretkit/core';
import { hashicorpVault } from '@secretkit/vault';
import { createVaultFake } from '@secretkit/vault/testing';
import { expect, it } from 'vitest';
import { useFake } from './use-fake.mjs';

const fake = useFake(createVaultFake());

it('reads KV v2 and a leased credential', async () => {
  fake.put('secret/app/db', { password: 'pw' });
  fake.addRole('database/creds/app', { ttl: 600, maxTtl: 3600 });
  const secrets = createSecretsClient({
    provider: hashicorpVault({ address: fake.address, token: fake.rootToken }),
  });
  await expect(secrets.get('secret/app/db', { field: 'password' })).resolves.toBe('pw');
  const creds = await secrets.getSecret('database/creds/app');
  expect(creds.lease?.ttlMs).toBe(600_000);
  await secrets.close();
});
