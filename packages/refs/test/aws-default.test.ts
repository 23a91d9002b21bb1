// awssecrets:// through the real @secretkit/aws adapter, built by default (region from the ref or
// AWS_REGION), against the msw fake: one GetSecretValue per distinct secret, pointers after the cache.
import { createAwsSecretsManagerFake } from '@secretkit/aws/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecretResolver } from '../src/index.js';
import { rejection } from './helpers.js';

const fake = createAwsSecretsManagerFake(); // us-east-1, the AWS_REGION of the test environment

beforeAll(() => fake.listen());
afterEach(() => {
  expect(fake.unhandledRequests).toEqual([]);
  fake.reset();
});
afterAll(() => fake.close());

describe('awssecrets:// by default', () => {
  it('resolves names and ARNs with one GetSecretValue per secret', async () => {
    fake.put('prod/db', JSON.stringify({ username: 'app', password: 'pw-1' }));
    fake.put('prod/api-key', 'k-1');
    const arn = fake.arnOf('prod/api-key');
    const resolver = createSecretResolver();
    const resolved = await resolver.resolve({
      db: { user: 'awssecrets://prod/db#/username', password: 'aws-sm://prod/db#/password' },
      apiKey: `awssecrets://${arn}`,
      again: 'awssecrets://prod/api-key',
    });
    expect(resolved).toEqual({ db: { user: 'app', password: 'pw-1' }, apiKey: 'k-1', again: 'k-1' });
    expect(fake.calls.count('GetSecretValue')).toBe(3); // prod/db once; the ARN and the name are two cache keys
    await resolver.close();
  });

  it('reads stages', async () => {
    fake.put('prod/db', 'first');
    fake.rotate('prod/db', 'second');
    const resolver = createSecretResolver();
    await expect(resolver.get('awssecrets://prod/db')).resolves.toBe('second');
    await expect(resolver.get('awssecrets://prod/db?stage=AWSPREVIOUS')).resolves.toBe('first');
    await expect(resolver.get('awssecrets://prod/db?version_stage=AWSCURRENT')).resolves.toBe('second');
    await resolver.close();
  });

  it('a missing secret is NOT_FOUND through the adapter', async () => {
    const resolver = createSecretResolver();
    await rejection(resolver.get('awssecrets://prod/missing'), 'NOT_FOUND');
    await resolver.close();
  });
});
