// The Lambda example (examples/aws-lambda/handler.ts) against the fake: warm invocations reuse the
// cache, and a rotation makes the next invocation reconnect.
import { afterAll, expect, it } from 'vitest';
import { handler, SECRET_ID, secrets } from '../../../examples/aws-lambda/handler.ts';
import { useFake } from './harness.js';

const fake = useFake();
afterAll(() => secrets.close());

it('two invocations make one GetSecretValue; a rotation makes the next one reconnect', async () => {
  fake.put(SECRET_ID, JSON.stringify({ username: 'app', password: 'first-password' }));
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
