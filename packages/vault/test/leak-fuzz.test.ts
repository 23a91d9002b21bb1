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

const SCENARIOS: LeakScenario[] = [
  {
    name: 'KV v2 read',
    run: ({ canaries, answer }) =>
      observed(async () => {
        arrange(canaries, answer, 'secret/data/');
        const vault = provider(canaries);
        const error = await errorOf(vault.getSecret({ name: 'secret/app' }, context()));
        await vault.close();
        expectServed(answer, 'secret/data/');
        return { error };
      }),
  },
  {
    name: 'KV v2 version probe',
    run: ({ canaries, answer }) =>
      observed(async () => {
        arrange(canaries, answer, 'secret/metadata/');
        const vault = provider(canaries);
        const error = await errorOf(vault.getVersion({ name: 'secret/app' }, context()));
        await vault.close();
        expectServed(answer, 'secret/metadata/');
        return { error };
      }),
  },
  {
    name: 'mount detection',
    run: ({ canaries, answer }) =>
      observed(async () => {
        arrange(canaries, answer, 'sys/internal/ui/mounts/');
        const vault = provider(canaries, { kv: {} });
        const error = await errorOf(vault.getSecret({ name: 'secret/app' }, context()));
        await vault.close();
        expectServed(answer, 'sys/internal/ui/mounts/');
        return { error };
      }),
  },
  {
    name: 'dynamic read and lease renewal',
    run: ({ canaries, answer }) =>
      observed(async () => {
        arrange(canaries, answer, 'sys/leases/renew');
        const vault = provider(canaries, { kv: { secret: 2 } });
        const { lease } = await vault.getSecret({ name: 'database/creds/app' }, context());
        const error = await errorOf(
          vault.renewLease(lease ?? { id: 'none', ttlMs: 1, renewable: true }, context()),
        );
        await vault.close();
        expectServed(answer, 'sys/leases/renew');
        return { error };
      }),
  },
  {
    name: 'AppRole and JWT logins',
    run: ({ canaries, answer, round }) =>
      observed(async () => {
        const jwt = round % 2 === 1;
        arrange(canaries, answer, jwt ? 'auth/jwt/login' : 'auth/approle/login');
        const auth = jwt
          ? ({ method: 'jwt', role: fake.jwt.role, jwt: canaries.jwt } as const)
          : ({ method: 'approle', roleId: fake.approle.roleId, secretId: canaries.password } as const);
        const vault = provider(canaries, { auth });
        const error = await errorOf(vault.getSecret({ name: 'secret/app' }, context()));
        await vault.close();
        expectServed(answer, jwt ? 'auth/jwt/login' : 'auth/approle/login');
        return { error };
      }),
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
