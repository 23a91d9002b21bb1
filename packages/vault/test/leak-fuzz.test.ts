// The leak fuzz (issue 11 item 2) for the Vault adapter: seeded, a few seconds at most. Every Vault
// call the adapter makes (reads, mount detection, version probes, lease renewal, logins) gets
// hostile answers from the fake (proxy pages and malformed 200s holding the value, error texts
// quoting it, servers echoing the credentials), with canaries as the secret's value and as every
// credential configured; no canary may show in any error, cause, event or log line.

import {
  type Canaries,
  captureLogs,
  errorOf,
  expectNoLeaks,
  type HostileAnswer,
  type LeakObservations,
  type LeakScenario,
  type LeakScenarioContext,
  runLeakFuzz,
} from '@secretkit/conformance';
import { createSecretsClient, type SecretsEvents } from '@secretkit/core';
import { expect, it } from 'vitest';
import type { HashicorpVaultOptions } from '../src/index.js';
import { context, testProvider, useFake } from './harness.js';

const fake = useFake();

/** The fake with the secret's value and the credentials set to canaries; the next `pathPrefix` call answers `answer`. */
function arrange(canaries: Canaries, answer: HostileAnswer, pathPrefix: string): void {
  fake.reset();
  fake.createToken({ ttl: 0 }, canaries.token);
  fake.approle.secretId = canaries.password;
  fake.jwt.jwt = canaries.jwt;
  fake.put('secret/app', { password: canaries.value, key: canaries.key });
  fake.addRole('database/creds/app', { ttl: 600 });
  fake.failNext(answer.status, { body: answer.body, headers: answer.headers, pathPrefix });
}

/** Throws unless the fake answered a `pathPrefix` call with the hostile answer (the scenario reached it). */
function expectServed(answer: HostileAnswer, pathPrefix: string): void {
  const served = fake.calls.log.some(
    (call) => call.path.startsWith(pathPrefix) && call.status === answer.status,
  );
  if (!served) throw new Error(`the hostile answer for ${pathPrefix} was never asked for`);
}

/** A provider holding the token canary (or logging in with the secret-id / JWT canaries). */
function provider(canaries: Canaries, options: HashicorpVaultOptions = {}) {
  return testProvider(fake, { token: canaries.token, kv: { secret: 2 }, ...options });
}

/** Runs `provoke` with the console and standard streams captured. */
async function observed(provoke: () => Promise<LeakObservations>): Promise<LeakObservations> {
  const logs = captureLogs();
  try {
    return { ...(await provoke()), logs: logs.lines };
  } finally {
    logs.stop();
  }
}

/**
 * One run through a canary provider (built with `options`): the next `pathPrefix` call gets the
 * hostile answer, `provoke` makes that call and returns the error it saw, the provider is closed,
 * and the answer must have been served. Observed with the logs captured.
 */
function provokeThroughProvider(
  { canaries, answer }: LeakScenarioContext,
  pathPrefix: string,
  provoke: (vault: ReturnType<typeof provider>) => Promise<unknown>,
  options?: HashicorpVaultOptions,
): Promise<LeakObservations> {
  return observed(async () => {
    arrange(canaries, answer, pathPrefix);
    const vault = provider(canaries, options);
    const error = await provoke(vault);
    await vault.close();
    expectServed(answer, pathPrefix);
    return { error };
  });
}

/** The error of reading `secret/app`. */
const readApp = (vault: ReturnType<typeof provider>) =>
  errorOf(vault.getSecret({ name: 'secret/app' }, context()));

const SCENARIOS: LeakScenario[] = [
  { name: 'KV v2 read', run: (fuzz) => provokeThroughProvider(fuzz, 'secret/data/', readApp) },
  {
    name: 'KV v2 version probe',
    run: (fuzz) =>
      provokeThroughProvider(fuzz, 'secret/metadata/', (vault) =>
        errorOf(vault.getVersion({ name: 'secret/app' }, context())),
      ),
  },
  {
    name: 'mount detection',
    run: (fuzz) => provokeThroughProvider(fuzz, 'sys/internal/ui/mounts/', readApp, { kv: {} }),
  },
  {
    name: 'dynamic read and lease renewal',
    run: (fuzz) =>
      provokeThroughProvider(
        fuzz,
        'sys/leases/renew',
        async (vault) => {
          const { lease } = await vault.getSecret({ name: 'database/creds/app' }, context());
          return errorOf(vault.renewLease(lease ?? { id: 'none', ttlMs: 1, renewable: true }, context()));
        },
        { kv: { secret: 2 } },
      ),
  },
  {
    name: 'AppRole and JWT logins',
    run: (fuzz) => {
      const jwt = fuzz.round % 2 === 1;
      const auth = jwt
        ? ({ method: 'jwt', role: fake.jwt.role, jwt: fuzz.canaries.jwt } as const)
        : ({ method: 'approle', roleId: fake.approle.roleId, secretId: fuzz.canaries.password } as const);
      return provokeThroughProvider(fuzz, jwt ? 'auth/jwt/login' : 'auth/approle/login', readApp, { auth });
    },
  },
  {
    name: 'reads through a client (errors and events)',
    run: ({ canaries, answer }) =>
      observed(async () => {
        arrange(canaries, answer, 'secret/data/');
        const client = createSecretsClient({ provider: provider(canaries), retry: false, cache: false });
        const events: Array<SecretsEvents['error'] | SecretsEvents['fetch']> = [];
        client.on('error', (event) => events.push(event));
        client.on('fetch', (event) => events.push(event));
        const error = await errorOf(client.get('secret/app', { field: 'password' }));
        await client.close();
        expectServed(answer, 'secret/data/');
        return { error, events };
      }),
  },
];

it('no canary of the value or a credential reaches an error, cause, event or log', async () => {
  const report = await runLeakFuzz({
    seed: 20_511,
    scenarios: SCENARIOS,
    answers: { dialects: ['vault', 'any'] },
  });
  expectNoLeaks(report, 'vault leak fuzz');
  expect(report.runs).toBe(report.plannedRuns);
  expect(report.crashes).toEqual([]);
});
