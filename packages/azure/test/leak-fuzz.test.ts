// The leak fuzzer (issue 11 item 2) over this adapter: seeded hostile answers from the fake (proxy
// pages, malformed 200s, errors quoting the value, echoed credentials) against reads, writes and a
// client, with canaries in the value and the credential, searched in every error, event and log.

import type { TokenCredential } from '@azure/core-auth';
import {
  captureLogs,
  errorOf,
  expectNoLeaks,
  type LeakObservations,
  type LeakScenario,
  type LeakScenarioContext,
  runLeakFuzz,
  toResponse,
} from '@secretkit/conformance';
import { expect, it } from 'vitest';
import { azureKeyVault } from '../src/index.js';
import { fakeCredential } from '../src/testing/index.js';
import { context, testClient, useFake, VAULT_URL } from './harness.js';

const fake = useFake();
const NAME = 'app';

/** The credential of a run: the plain token or the JWT canary, as Entra tokens look. */
function credentialFor({ canaries, random }: LeakScenarioContext): TokenCredential {
  return fakeCredential({ token: random() < 0.5 ? canaries.jwt : canaries.token });
}

/** Queues the run's hostile answer for the next authenticated request. */
async function serveHostile(run: LeakScenarioContext): Promise<void> {
  const response = toResponse(run.answer);
  fake.answerNext({
    status: response.status,
    headers: [...response.headers],
    body: await response.text(),
  });
}

/** A scenario that stores the value, queues the hostile answer, runs `call`, and returns what a user sees. */
function scenario(name: string, call: (run: LeakScenarioContext) => Promise<LeakObservations>): LeakScenario {
  return {
    name,
    async run(run) {
      fake.reset();
      fake.put(NAME, run.canaries.value);
      await serveHostile(run);
      const logs = captureLogs();
      try {
        const seen = await call(run);
        return { ...seen, logs: logs.lines };
      } finally {
        logs.stop();
      }
    },
  };
}

const provider = (run: LeakScenarioContext) =>
  azureKeyVault({ vaultUrl: VAULT_URL, credential: credentialFor(run) });

const SCENARIOS: LeakScenario[] = [
  scenario('getSecret', async (run) => ({
    error: await errorOf(provider(run).getSecret({ name: NAME }, context())),
  })),
  scenario('getVersion', async (run) => ({
    error: await errorOf(provider(run).getVersion({ name: NAME }, context())),
  })),
  scenario('setSecret of the value', async (run) => ({
    error: await errorOf(provider(run).setSecret(NAME, run.canaries.value, context())),
  })),
  scenario('deleteSecret', async (run) => ({
    error: await errorOf(provider(run).deleteSecret(NAME, context())),
  })),
  scenario('listSecrets', async (run) => ({
    error: await errorOf(async () => {
      for await (const _entry of provider(run).listSecrets(context())) {
        // drained
      }
    }),
  })),
  scenario('client get, with events', async (run) => {
    const client = testClient({}, provider(run));
    const events: unknown[] = [];
    client.on('error', (event) => events.push(event));
    client.on('fetch', (event) => events.push(event));
    const error = await errorOf(client.get(NAME));
    await client.close();
    return { error, events };
  }),
  {
    name: 'a credential failing with its token in the message',
    async run(run) {
      fake.reset();
      const token = run.random() < 0.5 ? run.canaries.jwt : run.canaries.token;
      const messages = [
        `token ${token} expired; Authorization: Bearer ${token}`,
        `refreshing ${token} failed: invalid_grant`,
        `ManagedIdentityCredential: the endpoint answered ${token}`,
      ];
      const message = messages[Math.floor(run.random() * messages.length)]!;
      const credential: TokenCredential = {
        async getToken() {
          throw Object.assign(new Error(message), {
            name: run.random() < 0.5 ? 'AuthenticationError' : 'Error',
          });
        },
      };
      const failing = azureKeyVault({ vaultUrl: VAULT_URL, credential });
      return { error: await errorOf(failing.getSecret({ name: NAME }, context())) };
    },
  },
];

it('no canary reaches any error, event or log line (seeded, bounded)', async () => {
  const report = await runLeakFuzz({
    seed: 20_240_611,
    scenarios: SCENARIOS,
    answers: { dialects: ['azure', 'any'] },
    timeLimitMs: 8000,
  });
  expectNoLeaks(report, 'azure leak fuzz');
  expect(report.runs).toBe(report.plannedRuns);
});
