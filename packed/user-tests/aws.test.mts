// A user's test of code that reads AWS Secrets Manager: the packed @secretkit/aws/testing fake
// (msw, in-process) answers the real SDK the packed adapter sends with.

import { awsSecretsManager } from '@secretkit/aws';
import { createAwsSecretsManagerFake } from '@secretkit/aws/testing';
import { createSecretsClient, isSecretsError, SecretsError } from '@secretkit/core';
import { expect, it } from 'vitest';
import { useFake } from './use-fake.mjs';

const fake = useFake(createAwsSecretsManagerFake());

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' };

it('reads a JSON field through the adapter, then a missing secret is NOT_FOUND', async () => {
  fake.put('prod/db', '{"password":"pw"}');
  const secrets = createSecretsClient({ provider: awsSecretsManager({ region: 'us-east-1', credentials }) });
  await expect(secrets.get('prod/db', { field: 'password' })).resolves.toBe('pw');
  const error = await secrets.get('prod/missing').catch((e: unknown) => e);
  expect(isSecretsError(error) && error.code).toBe('NOT_FOUND');
  // An adapter builds its errors through @secretkit/core/adapter: the same class as core's.
  expect(error).toBeInstanceOf(SecretsError);
  expect(fake.calls.count('GetSecretValue')).toBe(2);
  await secrets.close();
});
