// The Lambda example (examples/aws-lambda/handler.ts) against the fake: warm invocations reuse the
// cache, and a rotation makes the next invocation reconnect.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { handler, SECRET_ID, secrets } from '../../../examples/aws-lambda/handler.ts';
import { createAwsSecretsManagerFake } from '../src/testing/index.js';

const fake = createAwsSecretsManagerFake();
beforeAll(() => {
  fake.listen();
  fake.put(SECRET_ID, JSON.stringify({ username: 'app', password: 'first-password' }));
});
afterEach(() => expect(fake.unhandledRequests).toEqual([]));
afterAll(async () => {
  await secrets.close();
  fake.close();
});

it('two invocations make one GetSecretValue; a rotation makes the next one reconnect', async () => {
  const first = await handler({ query: 'select 1' });
  const second = await handler({});
  expect(first).toEqual({ connectionId: 1, user: 'app', query: 'select 1' });
  expect(second.connectionId).toBe(1);
  expect(fake.calls.count()).toBe(1);
  expect(fake.calls.count('GetSecretValue')).toBe(1);

  fake.rotate(SECRET_ID, JSON.stringify({ username: 'app', password: 'second-password' }));
  await secrets.refresh(SECRET_ID); // as a watch poll or the cache ttl would, sooner
  const third = await handler({});
  expect(third.connectionId).toBe(2);
  expect(await secrets.get(SECRET_ID, { field: 'password' })).toBe('second-password');
  expect(fake.calls.count('GetSecretValue')).toBe(2);
});
