// Security: no secret value or credential in any error the resolver gives. A unique canary is
// planted in values, in a credential a ref wrongly carries, and in what a factory throws; every
// rendering of every error (message, stack, inspect with hidden fields, JSON, the cause chain) is
// searched. (A provider's own errors are the adapter's to clean: core keeps a foreign cause.)
import { createMemoryProvider } from '@secretkit/memory';
import { expect, it } from 'vitest';
import { findValue } from '../../conformance/src/leak-check.js';
import { createSecretResolver } from '../src/index.js';

const CANARY = 'CANARY-7b1e0f-do-not-print';

it('no error shows a value or a credential', async () => {
  const memory = createMemoryProvider({
    secrets: {
      plain: CANARY,
      json: { password: CANARY, nested: { list: [CANARY] } },
      yaml: `password: ${CANARY}\nbroken: [${CANARY}`,
      notJson: `{"password": "${CANARY}"`,
    },
  });
  const resolver = createSecretResolver({
    providers: {
      memory,
      vault: () => {
        throw new Error(`factory failed near ${CANARY}`);
      },
    },
    client: { retry: false },
  });
  const provoked = [
    resolver.get('memory://plain#/password'),
    resolver.get('memory://json#/missing'),
    resolver.get('memory://json#/password/x'),
    resolver.get('memory://json#/nested/list/7'),
    resolver.get('memory://yaml#/password'),
    resolver.get('memory://notJson#/password'),
    resolver.get(`memory://json?token=${CANARY}`),
    resolver.get(`memory://json?password=${encodeURIComponent(CANARY)}#/password`),
    resolver.get(`memory://json?unknown=${CANARY}`),
    resolver.get('vault://secret/app#/password'),
    resolver.resolve({ a: 'memory://json#/password', b: 'memory://plain#/x' }),
  ];
  const outcomes = await Promise.allSettled(provoked);
  expect(outcomes.map((outcome) => outcome.status)).toEqual(provoked.map(() => 'rejected'));
  for (const outcome of outcomes) {
    const error = (outcome as PromiseRejectedResult).reason;
    expect(error).toMatchObject({ name: 'SecretsError' });
    expect(findValue(error, CANARY)).toEqual([]);
  }
  await resolver.close();
});
