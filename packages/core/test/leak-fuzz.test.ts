// Core's leak fuzz (issue 11, item 2): a scripted provider answers records with canary values and
// malformed fields; every read operation, every event (fetch, error, rotate, lease), stale and
// background paths, withSecret, watch listeners and the Secret objects handed out must show no canary.
import {
  type Canaries,
  errorOf,
  expectNoLeaks,
  type LeakObservations,
  type LeakScenario,
  runLeakFuzz,
} from '@secretkit/conformance';
import { describe, expect, it, vi } from 'vitest';
import {
  createSecretsClient,
  isSecretsError,
  type Lease,
  type RotationEvent,
  type SecretProvider,
  type SecretRequest,
  SecretsError,
  type SecretsEvents,
} from '../src/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';

useFakeTimersPerTest();

const NAME = 'app/db';
const SEED = 1111;

/** What the provider does on each call; a function that throws makes the call fail. */
interface Script {
  getSecret(request: SecretRequest, call: number): unknown;
  getVersion?(request: SecretRequest): unknown;
  getSecrets?(requests: SecretRequest[]): unknown;
  renewLease?(lease: Lease): unknown;
}

/** A provider that answers whatever the script says, unchecked: the hostile records reach core as they are. */
function scriptedProvider(script: Script): SecretProvider {
  let calls = 0;
  const provider: SecretProvider = {
    name: 'hostile',
    getSecret: async (request) => script.getSecret(request, calls++) as never,
    revokeLease: async () => {},
  };
  if (script.getVersion) provider.getVersion = async (request) => script.getVersion!(request) as never;
  if (script.getSecrets) provider.getSecrets = async (requests) => script.getSecrets!(requests) as never;
  if (script.renewLease) provider.renewLease = async (lease) => script.renewLease!(lease) as never;
  return provider;
}

/** A client over `script` that records every event; `finish()` runs the timers out, closes it and returns what it saw. */
function observedClient(
  script: Script,
  random: () => number,
  options: { cache?: false; staleIfError?: boolean } = {},
) {
  const events: Array<{ event: string; payload: unknown }> = [];
  const client = createSecretsClient({
    provider: scriptedProvider(script),
    retry: false,
    random,
    leases: { revokeOnClose: random() < 0.5 },
    cache: options.cache ?? { ttl: '10s', ...(options.staleIfError ? { staleIfError: '1m' } : {}) },
  });
  for (const event of ['fetch', 'error', 'rotate', 'lease'] as const) {
    client.on(event, (payload: SecretsEvents[typeof event]) => events.push({ event, payload }));
  }
  return {
    client,
    /** `userErrors`: the caller may get its own error back (withSecret rethrows what `use` threw). */
    async finish(observed: Record<string, unknown>, userErrors = false): Promise<LeakObservations> {
      await vi.advanceTimersByTimeAsync(70_000); // past lease renewals and replacements of a 60 s lease
      await client.close();
      for (const value of Object.values(observed)) {
        if (!(value instanceof Error)) continue;
        if (isSecretsError(value)) reached.codes.add(value.code);
        else if (!userErrors) throw new Error(`a caller got a ${value.name}, not a SecretsError`);
      }
      for (const { event, payload } of events) {
        reached.events.add(event);
        if (event === 'error') reached.codes.add((payload as SecretsEvents['error']).error.code);
      }
      return { ...observed, events };
    },
  };
}

/** The events a client recorded, from what `finish()` returned. */
const eventsOf = (observed: LeakObservations) =>
  observed.events as Array<{ event: string; payload: unknown }>;

/** The error codes and event kinds the scenarios reached: proof the fuzz drove those paths. */
const reached = { codes: new Set<string>(), events: new Set<string>() };

const record = (canaries: Canaries, extra: Record<string, unknown> = {}) => ({
  name: NAME,
  value: canaries.value,
  version: '1',
  ...extra,
});

/** Records a provider might answer that core must reject or serve without showing the value. */
const HOSTILE_RECORDS: ReadonlyArray<[string, (c: Canaries) => unknown]> = [
  [
    'a version that is an object holding the value (defect 5)',
    (c) => record(c, { version: { id: c.value } }),
  ],
  ['a version that is an array holding the token', (c) => record(c, { version: [c.token] })],
  ['a value that is an object', (c) => record(c, { value: { secret: c.value } })],
  ['the value itself instead of a record', (c) => c.value],
  ['an array instead of a record', (c) => [c.value, c.token]],
  [
    'an expiresAt that is a date-like object printing the value',
    (c) =>
      record(c, { expiresAt: { getTime: () => 0, toISOString: () => c.value, toString: () => c.value } }),
  ],
  ['a createdAt that is the value', (c) => record(c, { createdAt: c.value })],
  [
    'a lease whose id is an object holding the token',
    (c) => record(c, { lease: { id: { id: c.token }, ttlMs: 60_000, renewable: true } }),
  ],
  ['an expired record', (c) => record(c, { expiresAt: new Date(0) })],
  ['a valid leased record', (c) => record(c, { lease: { id: 'lease-1', ttlMs: 60_000, renewable: true } })],
];

type Operation = (client: ReturnType<typeof createSecretsClient>) => Promise<unknown>;

/** Every way a caller reads; a resolved Secret is observed (it must print redacted), other values never. */
const READS: ReadonlyArray<[string, Operation]> = [
  ['get', (client) => errorOf(client.get(NAME))],
  ['getSecret', async (client) => client.getSecret(NAME).catch((error: unknown) => error)],
  ['getBinary', (client) => errorOf(client.getBinary(NAME))],
  ['getJson', (client) => errorOf(client.getJson(NAME))],
  ['get with field', (client) => errorOf(client.get(NAME, { field: 'password' }))],
  ['refresh', async (client) => client.refresh(NAME).catch((error: unknown) => error)],
  ['getMany', (client) => errorOf(client.getMany([NAME, 'app/other']))],
  ['withSecret', (client) => errorOf(client.withSecret(NAME, async () => 'used'))],
];

/** The cell of a rows × columns grid that round `round` runs: rows vary fastest, every cell in turn. */
function gridCell<Row, Column>(
  round: number,
  rows: readonly Row[],
  columns: readonly Column[],
): [Row, Column] {
  return [rows[round % rows.length]!, columns[Math.floor(round / rows.length) % columns.length]!];
}

const malformedRecords: LeakScenario = {
  name: 'hostile records × every read',
  run: async ({ canaries, random, round, note }) => {
    const [[what, answer], [readName, read]] = gridCell(round, HOSTILE_RECORDS, READS);
    note(`${readName} of ${what}`);
    const batch = random() < 0.5;
    const { client, finish } = observedClient(
      {
        getSecret: () => answer(canaries),
        renewLease: (lease) =>
          random() < 0.5
            ? { ...lease, ttlMs: 1_000 }
            : Promise.reject(new SecretsError('UNAVAILABLE', 'down')),
        ...(batch ? { getSecrets: (requests: SecretRequest[]) => requests.map(() => answer(canaries)) } : {}),
      },
      random,
      random() < 0.25 ? { cache: false } : {},
    );
    return finish({ outcome: await read(client) });
  },
};

/** Values that fail to parse, or are not objects, or lack the field, and bytes that are not UTF-8. */
const HOSTILE_VALUES: ReadonlyArray<[string, (c: Canaries) => string | Uint8Array]> = [
  ['truncated JSON', (c) => `{"password": ${JSON.stringify(c.value)}`],
  ['the value unquoted in JSON', (c) => `{"password": ${c.value}}`],
  ['text that is not JSON', (c) => c.value],
  ['a JSON string', (c) => JSON.stringify(c.value)],
  ['a JSON array', (c) => JSON.stringify([c.value, c.password])],
  ['an object without the field', (c) => JSON.stringify({ username: c.value, token: c.token })],
  ['bytes that are not UTF-8', (c) => Uint8Array.from([0xff, ...Buffer.from(c.value), 0xfe])],
];

const PARSES: ReadonlyArray<[string, Operation]> = [
  ['getJson', (client) => errorOf(client.getJson(NAME))],
  ['get with field', (client) => errorOf(client.get(NAME, { field: 'password' }))],
  ['getJson with field', (client) => errorOf(client.getJson(NAME, { field: 'password' }))],
  ['getBinary with field', (client) => errorOf(client.getBinary(NAME, { field: 'password' }))],
  ['get', (client) => errorOf(client.get(NAME))],
  ['Secret.json()', (client) => errorOf(client.getSecret(NAME).then((secret) => secret.json()))],
  ['getMany with field __proto__', (client) => errorOf(client.getMany([NAME], { field: '__proto__' }))],
];

const unparsableValues: LeakScenario = {
  name: 'values that are not JSON, not objects, lack the field or are not UTF-8',
  run: async ({ canaries, random, round, note }) => {
    const [[what, value], [parseName, parse]] = gridCell(round, HOSTILE_VALUES, PARSES);
    note(`${parseName} of ${what}`);
    const stored = value(canaries);
    const { client, finish } = observedClient(
      { getSecret: () => record(canaries, { value: stored }) },
      random,
    );
    const secret = await client.getSecret(NAME);
    return finish({ error: await parse(client), secret });
  },
};

const fails = (error: Error) => () => {
  throw error;
};

/** What the provider answers after a good first read: a clean failure, or a hostile record. */
const LATER_ANSWERS: ReadonlyArray<[string, (c: Canaries) => unknown]> = [
  ['UNAVAILABLE', fails(new SecretsError('UNAVAILABLE', 'the server answered 503', { retryAfterMs: 5 }))],
  ['THROTTLED', fails(new SecretsError('THROTTLED', 'rate exceeded'))],
  ['ACCESS_DENIED', fails(new SecretsError('ACCESS_DENIED', 'denied', { statusCode: 403 }))],
  ['NOT_FOUND', fails(new SecretsError('NOT_FOUND', 'no such secret'))],
  ['a TypeError', fails(new TypeError('provider bug: cannot read properties of undefined'))],
  ...HOSTILE_RECORDS,
];

/** A provider read answering a good record first, then `later`. */
function goodThen(canaries: Canaries, later: (c: Canaries) => unknown): Script['getSecret'] {
  let calls = 0;
  return () => (calls++ === 0 ? record(canaries) : later(canaries));
}

const staleAndBackground: LeakScenario = {
  name: 'stale values, refresh ahead and background failures',
  run: async ({ canaries, random, round, note }) => {
    const [what, later] = LATER_ANSWERS[round % LATER_ANSWERS.length]!;
    const stale = Math.floor(round / LATER_ANSWERS.length) % 2 === 1;
    note(`${stale ? 'stale' : 'refresh ahead'}, then ${what}`);
    const { client, finish } = observedClient({ getSecret: goodThen(canaries, later) }, random, {
      staleIfError: true,
    });
    await client.get(NAME);
    await vi.advanceTimersByTimeAsync(stale ? 11_000 : 8_500); // past the 10 s ttl, or past 80% of it
    const secret = await client.getSecret(NAME).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    return finish({ secret });
  },
};

const rotationsAndListeners: LeakScenario = {
  name: 'rotations, version probes and throwing watch listeners',
  run: async ({ canaries, random, round, note }) => {
    let version = 1;
    const probe = (['no version probe', 'a version probe', 'a probe answering an object'] as const)[
      round % 3
    ]!;
    note(probe);
    const { client, finish } = observedClient(
      {
        getSecret: () =>
          record(canaries, { version: String(version), value: `${canaries.value}#${version}` }),
        ...(probe === 'no version probe'
          ? {}
          : { getVersion: () => (probe === 'a version probe' ? String(version) : { id: canaries.value }) }),
      },
      random,
    );
    const rotations: unknown[] = [];
    const listener = (event: RotationEvent) => {
      rotations.push(event);
      throw Object.assign(new Error('the listener failed'), { event, secret: event.secret });
    };
    client.watch(NAME, listener, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(0);
    version = 2;
    await vi.advanceTimersByTimeAsync(1_200);
    const refreshed = await client.refresh(NAME);
    return finish({ rotations, refreshed });
  },
};

const withSecretRetries: LeakScenario = {
  name: 'withSecret after a rejected credential',
  run: async ({ canaries, random, round, note }) => {
    const rotated: [string, (c: Canaries) => unknown] = [
      'a rotated credential',
      (c) => record(c, { version: '2', value: c.password }),
    ];
    const [what, later] = [rotated, ...LATER_ANSWERS][round % (LATER_ANSWERS.length + 1)]!;
    note(`refresh answers ${what}`);
    const { client, finish } = observedClient({ getSecret: goodThen(canaries, later) }, random);
    const rejected = () => Promise.reject(Object.assign(new Error('401 Unauthorized'), { status: 401 }));
    return finish({ error: await errorOf(client.withSecret(NAME, rejected)) }, true);
  },
};

/** Runs one scenario for `rounds` seeded rounds and expects no canary in anything it observed. */
async function expectNoLeaksIn(rounds: number, scenario: LeakScenario): Promise<void> {
  expectNoLeaks(await runLeakFuzz({ seed: SEED, rounds, scenarios: [scenario] }));
}

describe('core leak fuzz: no canary in any error, event or Secret', () => {
  it('hostile records through every read, stale and background paths, rotations, withSecret', async () => {
    reached.codes.clear();
    reached.events.clear();
    const report = await runLeakFuzz({
      seed: SEED,
      rounds: HOSTILE_RECORDS.length * READS.length,
      coverageRounds: HOSTILE_RECORDS.length * READS.length,
      timeLimitMs: 4_000,
      scenarios: [
        malformedRecords,
        unparsableValues,
        staleAndBackground,
        rotationsAndListeners,
        withSecretRetries,
      ],
    });
    expectNoLeaks(report);
    expect([...reached.events].sort()).toEqual(['error', 'fetch', 'lease', 'rotate']);
    expect([...reached.codes]).toEqual(
      expect.arrayContaining([
        'ACCESS_DENIED',
        'NOT_FOUND',
        'PARSE',
        'THROTTLED',
        'UNAVAILABLE',
        'UNKNOWN',
        'WRONG_TYPE',
      ]),
    );
  });

  it('the fetch event never carries a version that is not a string (defect 5)', async () => {
    await expectNoLeaksIn(2, {
      name: 'version object',
      run: async ({ canaries, random, round }) => {
        const hostile = record(canaries, { version: { id: canaries.value } });
        const { client, finish } = observedClient(
          { getSecret: () => hostile, getSecrets: (requests) => requests.map(() => hostile) },
          random,
        );
        const error = await errorOf(round === 0 ? client.get(NAME) : client.getMany([NAME, 'app/other']));
        expect(error).toBeInstanceOf(SecretsError);
        const observed = await finish({ error });
        expect(eventsOf(observed).filter((e) => e.event === 'fetch').length).toBeGreaterThan(0);
        return observed;
      },
    });
  });

  it('a watch listener whose error quotes the value it was given: the error event does not carry it', async () => {
    await expectNoLeaksIn(1, {
      name: 'listener quoting the value',
      run: async ({ canaries, random }) => {
        let version = 1;
        const { client, finish } = observedClient(
          { getSecret: () => record(canaries, { version: String(version) }) },
          random,
        );
        client.watch(
          NAME,
          (event) => {
            throw new Error(`cannot connect with ${event.secret.text()}`);
          },
          { interval: '1s' },
        );
        await vi.advanceTimersByTimeAsync(0);
        version = 2;
        await vi.advanceTimersByTimeAsync(1_200);
        const observed = await finish({});
        const reports = eventsOf(observed).filter((e) => e.event === 'error');
        expect(reports.map((e) => (e.payload as SecretsEvents['error']).operation)).toEqual([
          'watch-listener',
        ]);
        return observed;
      },
    });
  });
});
