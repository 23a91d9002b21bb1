// Without @aws-sdk/client-sqs installed (an optional peer), the SQS source fails its start with
// CONFIG naming the package: reported as an `error` event, never a crash.
import { createSecretsClient, type SecretsEvents } from '@secretkit/core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { testProvider } from './harness.js';

vi.mock('@aws-sdk/client-sqs', () => {
  throw Object.assign(new Error("Cannot find package '@aws-sdk/client-sqs'"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('reports CONFIG naming the package when the SDK is missing', async () => {
  const { sqsChangeSource } = await import('../src/events/index.js');
  const source = sqsChangeSource({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' });
  const client = createSecretsClient({ provider: testProvider(), changes: [source] });
  const errors: Array<SecretsEvents['error']> = [];
  client.on('error', (event) => errors.push(event));
  await vi.advanceTimersByTimeAsync(0);
  expect(errors).toHaveLength(1);
  expect(errors[0]?.operation).toBe('changes');
  expect(errors[0]?.error.code).toBe('CONFIG');
  expect(errors[0]?.error.message).toContain('@aws-sdk/client-sqs'); // vitest's mock loses the error code
  await expect(source.client()).rejects.toMatchObject({ code: 'CONFIG' });
  await client.close();
});
