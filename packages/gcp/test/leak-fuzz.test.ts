// The leak fuzz (issue 11 item 2) over this adapter: seeded hostile answers (proxy pages, malformed
// 2xx bodies, error texts quoting the value, echoed credentials) against reads, probes, writes and a
// client, through the real Google client over both wires, with canaries in the stored value, the value
// written and the access token; every error, event and log line is searched for them. REST runs on
// the fake's loopback socket, so the gRPC server can run beside it (msw in-process would break it).
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
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GcpSecretManagerProvider, gcpSecretManager } from '../src/index.js';
import {
  createSecretManagerFake,
  type FakeGrpcServer,
  type FakeRestSocket,
  fakeAuthClient,
  type GrpcStatusName,
} from '../src/testing/index.js';
import { PROJECT, type Transport } from './harness.js';

const SEED = 31_337;
const fake = createSecretManagerFake({ projectId: PROJECT });
let socket: FakeRestSocket;
let grpc: FakeGrpcServer;
beforeAll(async () => {
  socket = await fake.listenOnSocket();
  grpc = await fake.startGrpc();
});
afterAll(() => fake.close());

/** Hostile answers (or statuses) the fake served: one per run, or a scenario never reached the wire. */
let served = 0;

/** A provider over `transport` whose access token is the token canary. */
function canaryProvider(transport: Transport, { canaries }: LeakScenarioContext): GcpSecretManagerProvider {
  return gcpSecretManager({
    projectId: PROJECT,
    authClient: fakeAuthClient(canaries.token),
    transport,
    clientOptions: transport === 'rest' ? socket.clientOptions : grpc.clientOptions,
  });
}

/** The gRPC status a hostile answer's HTTP status stands for (a 2xx the wire cannot send: INTERNAL). */
function grpcStatusFor(status: number): GrpcStatusName {
  const byStatus: Record<number, GrpcStatusName> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ALREADY_EXISTS',
    429: 'RESOURCE_EXHAUSTED',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return byStatus[status] ?? 'INTERNAL';
}

/**
 * A fresh fake holding the value canary whose next request gets the hostile answer: as is over REST
 * (the body quoting what was sent, too), and over gRPC as a status whose details are the answer's body.
 */
function arrange(transport: Transport, context: LeakScenarioContext): void {
  fake.reset();
  fake.put('app', context.canaries.value);
  if (transport === 'rest') {
    fake.answerNext(async (request) => {
      served++;
      const answer = toResponse(context.answer);
      if (context.answer.status < 400 || request.method !== 'POST') return answer;
      // A server that also quotes the request it got (setSecret's base64 payload) in its error.
      const sent = await request.text();
      return new Response(`${await answer.text()} ${sent}`.trim(), {
        status: answer.status,
        headers: answer.headers,
      });
    });
    return;
  }
  served++;
  fake.failNext(grpcStatusFor(context.answer.status), { message: context.answer.body });
}

/** Runs `call` on a canary provider against the hostile answer; observes its error and the logs. */
function scenario(
  name: string,
  transport: Transport,
  call: (provider: GcpSecretManagerProvider, context: LeakScenarioContext) => Promise<unknown>,
): LeakScenario {
  return {
    name: `${name} over ${transport}`,
    async run(context) {
      arrange(transport, context);
      const provider = canaryProvider(transport, context);
      return observeCall(
        () => call(provider, context),
        () => provider.close(),
      );
    },
  };
}

const signal = () => ({ signal: new AbortController().signal });

const SCENARIOS: LeakScenario[] = (['rest', 'grpc'] as const).flatMap((transport): LeakScenario[] => [
  scenario('getSecret', transport, (provider) => provider.getSecret({ name: 'app' }, signal())),
  scenario('getVersion', transport, (provider) => provider.getVersion({ name: 'app' }, signal())),
  scenario('setSecret of the value', transport, (provider, { canaries }) =>
    provider.setSecret('app', canaries.value, signal()),
  ),
  scenario('setSecret of bytes', transport, (provider, { canaries }) =>
    provider.setSecret('app', new TextEncoder().encode(canaries.value), signal()),
  ),
  {
    // Through the client: its thrown error, `error` and `fetch` events, and the logs.
    name: `client get over ${transport}`,
    async run(context) {
      arrange(transport, context);
      const secrets = createSecretsClient({
        provider: canaryProvider(transport, context),
        retry: false,
        cache: false,
      });
      return observeClientRead(secrets, 'app');
    },
  },
]);

/** An auth client that fails quoting its own token, in a seeded form: only scrubbing by value catches it. */
const AUTH_FAILURE: LeakScenario = {
  name: 'an auth client quoting its token over rest',
  async run(context) {
    fake.reset();
    served++;
    const { token } = context.canaries;
    const forms = [`refresh failed: ${token}`, `credential ${token} revoked`, `${token} expired`];
    const message = forms[Math.floor(context.random() * forms.length)]!;
    const auth = fakeAuthClient(token);
    (auth as unknown as { getRequestMetadataAsync: () => Promise<never> }).getRequestMetadataAsync =
      async () => {
        throw new Error(message);
      };
    const provider = gcpSecretManager({
      projectId: PROJECT,
      authClient: auth,
      transport: 'rest',
      clientOptions: socket.clientOptions,
    });
    try {
      return { error: await errorOf(provider.getSecret({ name: 'app' }, signal())) };
    } finally {
      await provider.close();
    }
  },
};

it('no canary reaches any error, event or log line under hostile answers', async () => {
  const report = await runLeakFuzz({
    seed: SEED,
    scenarios: [...SCENARIOS, AUTH_FAILURE],
    answers: { dialects: ['gcp', 'any'] },
    timeLimitMs: 8000,
  });
  expectNoLeaks(report);
  expect(served).toBe(report.runs);
  expect(report.runs).toBe(report.plannedRuns);
  expect(fake.unhandledRequests).toEqual([]);
}, 30_000);
