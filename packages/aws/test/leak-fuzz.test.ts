// The leak fuzz (issue 11): seeded hostile answers from the fake (proxy pages, malformed 2xx bodies,
// error texts quoting the value, echoed credentials) against every call of the adapter, through the
// real SDK, with canaries in the stored value, the value written and every credential; each error,
// event and log line is searched for them.
import {
  errorOf,
  expectNoLeaks,
  type LeakScenario,
  type LeakScenarioContext,
  observeCall,
  observeClientRead,
  runLeakFuzz,
  toResponse,
} from '@secretkit/conformance';
import { createSecretsClient } from '@secretkit/core';
import { expect, it } from 'vitest';
import type { RawResponder } from '../src/testing/index.js';
import { REGION, testProvider, useFake } from './harness.js';

const fake = useFake();
const SEED = 20_611;

/** A provider signing with canaries: access key id, secret key and session token. */
function canaryProvider({ canaries }: LeakScenarioContext) {
  return testProvider({
    region: REGION,
    credentials: {
      accessKeyId: canaries.password,
      secretAccessKey: canaries.key,
      sessionToken: canaries.token,
    },
  });
}

/** A fresh fake holding the value canary, answering the next request with the scenario's hostile answer. */
function arrange(context: LeakScenarioContext, respond: RawResponder = () => toResponse(context.answer)) {
  fake.reset();
  fake.put('app', context.canaries.value);
  fake.answerNext((request) => {
    served++;
    return respond(request);
  });
}

/** Hostile answers the fake sent: one per run, or a scenario never reached the wire. */
let served = 0;

/** Runs `call` on a canary provider against the hostile answer; observes its error and the logs. */
function scenario(
  name: string,
  call: (provider: ReturnType<typeof testProvider>, context: LeakScenarioContext) => Promise<unknown>,
): LeakScenario {
  return {
    name,
    async run(context) {
      arrange(context);
      const provider = canaryProvider(context);
      return observeCall(
        () => call(provider, context),
        () => provider.close(),
      );
    },
  };
}

const signal = () => ({ signal: new AbortController().signal });

const SCENARIOS: LeakScenario[] = [
  scenario('getSecret', (provider) => provider.getSecret({ name: 'app' }, signal())),
  scenario('getSecret of a pinned stage', (provider) =>
    provider.getSecret({ name: 'app', stage: 'AWSPREVIOUS' }, signal()),
  ),
  scenario('getVersion (DescribeSecret)', (provider) => provider.getVersion({ name: 'app' }, signal())),
  scenario('getSecrets (BatchGetSecretValue)', async (provider) => {
    const results = await provider.getSecrets([{ name: 'app' }, { name: 'other' }], signal());
    // A record is the secret itself (no leak); an error per name is what a user sees.
    const errors = results.filter((result) => result instanceof Error);
    if (errors.length > 0) throw new AggregateError(errors, 'batch errors');
  }),
  scenario('setSecret of the value', (provider, { canaries }) =>
    provider.setSecret('app', canaries.value, signal()),
  ),
  scenario('setSecret of bytes', (provider, { canaries }) =>
    provider.setSecret('app', new TextEncoder().encode(canaries.value), signal()),
  ),
  scenario('deleteSecret', (provider) => provider.deleteSecret('app', signal())),
  scenario('listSecrets', async (provider) => {
    for await (const _ of provider.listSecrets(signal()));
  }),
  {
    // A server that echoes everything it was sent (signed headers, session token) in its error.
    name: 'an echoing server',
    async run(context) {
      arrange(context, async (request) => {
        const headers = [...request.headers].map(([key, value]) => `${key}: ${value}`).join('; ');
        const status = Math.max(context.answer.status, 400);
        return new Response(
          JSON.stringify({
            __type: 'UnrecognizedClientException',
            message: `${headers} ${await request.text()}`,
          }),
          { status, headers: { 'x-amz-security-token': request.headers.get('x-amz-security-token') ?? '' } },
        );
      });
      const provider = canaryProvider(context);
      try {
        return { error: await errorOf(provider.setSecret('app', context.canaries.value, signal())) };
      } finally {
        await provider.close();
      }
    },
  },
  {
    // Through the client: its thrown error, `error` and `fetch` events, and the logs.
    name: 'client get',
    async run(context) {
      arrange(context);
      const secrets = createSecretsClient({ provider: canaryProvider(context), retry: false, cache: false });
      return observeClientRead(secrets, 'app');
    },
  },
];

it('no canary reaches any error, event or log line under hostile answers', async () => {
  const report = await runLeakFuzz({
    seed: SEED,
    scenarios: SCENARIOS,
    answers: { dialects: ['aws', 'any'] },
  });
  expectNoLeaks(report);
  expect(served).toBe(report.runs);
  expect(report.runs).toBe(report.plannedRuns);
}, 20_000);
