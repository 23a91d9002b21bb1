// A user's test against the packed @secretkit/doppler/testing fake.
import { createSecretsClient } from '@secretkit/core';
import { dopplerSecrets } from '@secretkit/doppler';
import { createDopplerFake } from '@secretkit/doppler/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const fake = createDopplerFake();
beforeAll(() => fake.listen());
afterEach(() => fake.reset());
afterAll(() => fake.close());

it('reads a secret of the config', async () => {
  fake.put('DATABASE_URL', 'postgres://test');
  const secrets = createSecretsClient({
    provider: dopplerSecrets({ token: fake.serviceToken, apiUrl: fake.apiUrl }),
  });
  await expect(secrets.get('DATABASE_URL')).resolves.toBe('postgres://test');
  await secrets.close();
});
