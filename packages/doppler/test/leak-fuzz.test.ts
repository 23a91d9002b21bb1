// The leak fuzz (guide §7): hostile answers carrying value and credential canaries, driven through
// the provider's fetch and a client, plus every native fault with a canary token; no canary in any
// form may show in an error, an event or a log line.

import {
  createCanaries,
  errorOf,
  expectNoLeaks,
  findLeaks,
  type LeakScenario,
  type LeakScenarioContext,
  observeCall,
  runLeakFuzz,
  toResponse,
} from '@secretkit/conformance';
import { createSecretsClient, type ProviderContext, type SecretsError } from '@secretkit/core';
import { http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { reportUnhandledToGuard } from '../../../test-setup/msw.js';
import { dopplerSecrets } from '../src/index.js';
import { createDopplerFake, type DopplerFaultSpec } from '../src/testing/index.js';

const SEED = 20260118;
const canaries = createCanaries(SEED);
/** A fake that issued the canary tokens: a token used with project and config, and a service token holding it. */
const fake = createDopplerFake({
  personalToken: canaries.token,
  serviceToken: `dp.st.dev.${canaries.token}`,
  onUnhandled: reportUnhandledToGuard,
});
beforeAll(() => fake.listen());
afterEach(() => fake.reset());
afterAll(() => fake.close());

const DOWNLOAD = () => `${fake.apiUrl}/v3/configs/config/secrets/download`;
const context = (): ProviderContext => ({ signal: new AbortController().signal });

function canaryProvider(kind: 'personal' | 'service') {
  return kind === 'personal'
    ? dopplerSecrets({
        token: fake.personalToken,
        project: fake.project,
        config: fake.config,
        apiUrl: fake.apiUrl,
      })
    : dopplerSecrets({ token: fake.serviceToken, apiUrl: fake.apiUrl });
}

/** Each run starts clean, stores the value canary, and answers the next download with the hostile answer. */
function arrange({ canaries, answer }: LeakScenarioContext, before = 0) {
  fake.reset();
  fake.put('DB_URL', canaries.value);
  const hostile = http.get(DOWNLOAD(), () => toResponse(answer), { once: true });
  if (before === 0) fake.host.use(hostile);
  return () => fake.host.use(hostile); // for scenarios that first read well
}

async function observe(run: () => Promise<unknown>, events: unknown[] = []) {
  return { ...(await observeCall(run)), events };
}

const scenarios: LeakScenario[] = [
  {
    name: 'getSecret (token with project and config)',
    run: async (run) => {
      arrange(run);
      const provider = canaryProvider('personal');
      return observe(() => provider.getSecret({ name: 'DB_URL' }, context()));
    },
  },
  {
    name: 'getVersion, conditional after a good read (service token)',
    run: async (run) => {
      const hostileNext = arrange(run, 1);
      const provider = canaryProvider('service');
      await provider.getSecret({ name: 'DB_URL' }, context()); // a success: its value is not observed
      hostileNext();
      return observe(() => provider.getVersion({ name: 'DB_URL' }, context()));
    },
  },
  {
    name: 'getSecrets of several names',
    run: async (run) => {
      arrange(run);
      const provider = canaryProvider('personal');
      return observe(async () => {
        const items = await provider.getSecrets([{ name: 'DB_URL' }, { name: 'API_KEY' }], context());
        const failed = items.filter((item): item is SecretsError => item instanceof Error);
        if (failed.length > 0) throw new AggregateError(failed, 'batch items failed');
      });
    },
  },
  {
    name: 'a client get, its error event and a stale serve',
    run: async (run) => {
      const hostileNext = arrange(run, 1);
      const provider = canaryProvider('service');
      const client = createSecretsClient({ provider, retry: false, cache: { ttl: 1, staleIfError: '1h' } });
      const events: unknown[] = [];
      client.on('error', (event) => events.push(event));
      try {
        await client.get('DB_URL');
        await new Promise((resolve) => setTimeout(resolve, 2)); // past the ttl
        hostileNext();
        return await observe(() => client.refresh('DB_URL').then(() => client.get('other')), events);
      } finally {
        await client.close();
      }
    },
  },
];

describe('leak fuzz', () => {
  it('no canary in any error, event or log line for hostile Doppler answers', async () => {
    const report = await runLeakFuzz({ seed: SEED, canaries, scenarios, timeLimitMs: 4000 });
    expectNoLeaks(report);
  });

  it('no token canary in any error of a native fault or a construction error', async () => {
    const faults: DopplerFaultSpec[] = [
      401,
      403,
      404,
      400,
      429,
      500,
      502,
      504,
      { status: 503, body: 'empty' },
      'drop',
    ];
    const errors: unknown[] = [];
    for (const kind of ['personal', 'service'] as const) {
      const provider = canaryProvider(kind);
      for (const fault of faults) {
        fake.failNext(fault);
        errors.push(await errorOf(provider.getSecret({ name: 'DB_URL' }, context())));
        fake.failNext(fault);
        errors.push(await errorOf(provider.getVersion({ name: 'DB_URL' }, context())));
      }
      errors.push(await errorOf(provider.getSecret({ name: 'MISSING' }, context())));
    }
    for (const options of [
      { token: `${canaries.token}\n` },
      { token: `dp.pt.${canaries.token}` },
      { token: canaries.token, project: canaries.token },
      {
        token: `dp.st.${canaries.token}`,
        apiUrl: `https://${encodeURIComponent(canaries.token)}@api.doppler.test`,
      },
      { token: `dp.st.${canaries.token}`, apiUrl: `http://api.doppler.test/?token=${canaries.token}` },
    ]) {
      errors.push(await errorOf(() => dopplerSecrets(options)));
    }
    const succeeded = errors.flatMap((error, index) => (error === undefined ? [index] : []));
    if (succeeded.length > 0) throw new Error(`calls ${succeeded.join(', ')} must fail`);
    expectNoLeaks(findLeaks(errors, canaries, { path: 'errors' }), 'native faults');
  });
});
