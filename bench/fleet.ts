// Fleet: a day of hourly rotations seen by a fleet of instances, each a real createSecretsClient,
// on simulated time — provider calls and rotation lag with `watch` polling every minute against
// change sources (a hint per rotation through a ChangeSource, with a one-hour safety poll).

import {
  type ChangeHint,
  type ChangeSource,
  createSecretsClient,
  type ProviderContext,
  type SecretProvider,
  type SecretRecord,
  type SecretRequest,
  type SecretsClient,
} from '@secretkit/core';
import { seeded } from './shared/random.ts';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { quantile } from './shared/stats.ts';
import { VirtualClock } from './shared/virtual-time.ts';

const INSTANCES = 500;
const SECRETS = 50;
const HOURS = 24;
const HOUR = 3_600_000;
/** Polling instances simulated; their calls are scaled to INSTANCES (each instance polls alike). */
const POLLING_SAMPLE = 20;
/** Hint delivery (EventBridge → queue → long poll): 250 ms plus an exponential tail of mean 500 ms. */
const DELIVERY_FLOOR_MS = 250;
const DELIVERY_MEAN_MS = 500;
/** Share of notifications lost on the way (the safety poll must catch them). */
const LOSS = 0.001;
/** Deliveries due within this window share one timer (it keeps 25,000 deliveries an hour cheap). */
const DELIVERY_BUCKET_MS = 50;

/** One secret store every instance reads, counting calls (a memory provider without its call log). */
class FleetProvider implements SecretProvider {
  readonly name = 'fleet';
  readonly versions = new Map<string, number>();
  /** When each version became current, by name. */
  readonly rotatedAt = new Map<string, number[]>();
  reads = 0;
  probes = 0;

  rotate(name: string, now: number): number {
    const version = (this.versions.get(name) ?? 0) + 1;
    this.versions.set(name, version);
    (this.rotatedAt.get(name) ?? this.rotatedAt.set(name, []).get(name)!)[version] = now;
    return version;
  }

  async getSecret(request: SecretRequest, _context: ProviderContext): Promise<SecretRecord> {
    this.reads++;
    const version = String(this.versions.get(request.name));
    return { name: request.name, value: `value-${version}`, version };
  }

  async getVersion(request: SecretRequest, _context: ProviderContext): Promise<string> {
    this.probes++;
    return String(this.versions.get(request.name));
  }
}

/** A change source the simulation drives: a `deliver` reaches the instance's client as a hint. */
function busSource(): ChangeSource & { deliver(hint: ChangeHint): void } {
  let listener: ((hint: ChangeHint) => void) | undefined;
  return {
    name: 'fleet-bus',
    start(next, { signal }) {
      listener = next;
      signal.addEventListener('abort', () => {
        listener = undefined;
      });
    },
    deliver: (hint) => listener?.(hint),
  };
}

interface Outcome {
  instances: number;
  setupCalls: number;
  /** Provider calls during the simulated day (reads + probes). */
  calls: number;
  reads: number;
  probes: number;
  lagsMs: number[];
  lost: number;
  seconds: number;
}

async function simulate(mode: 'polling' | 'changes', instances: number): Promise<Outcome> {
  const random = seeded(mode === 'polling' ? 11 : 12);
  const clock = new VirtualClock().install();
  const wall = performance.now();
  try {
    const provider = new FleetProvider();
    const names = Array.from({ length: SECRETS }, (_, i) => `fleet/secret-${i}`);
    for (const name of names) provider.rotate(name, clock.now);
    const lagsMs: number[] = [];
    /** The newest version each instance has seen of each secret (all start at 1). */
    const seen = new Int32Array(instances * SECRETS).fill(1);
    const clients: SecretsClient[] = [];
    const buses: Array<ReturnType<typeof busSource>> = [];
    for (let i = 0; i < instances; i++) {
      const bus = busSource();
      const client = createSecretsClient({
        provider,
        random: seeded(1000 + i),
        ...(mode === 'changes' ? { changes: [bus] } : {}),
      });
      const interval = mode === 'polling' ? '1m' : '1h';
      for (const [index, name] of names.entries()) {
        const slot = i * SECRETS + index;
        client.watch(
          name,
          (event) => {
            // Every version this instance had not seen is current now: a lost notification's
            // rotation is caught by whichever read brought a newer version (a poll, the next hint).
            const rotatedAt = provider.rotatedAt.get(name)!;
            const seenNow = Number(event.version);
            for (let version = seen[slot]! + 1; version <= seenNow; version++) {
              lagsMs.push(clock.now - rotatedAt[version]!);
            }
            seen[slot] = Math.max(seen[slot]!, seenNow);
          },
          { interval },
        );
      }
      clients.push(client);
      buses.push(bus);
    }
    await clock.advanceBy(1_000); // first loads, sources started
    const setupCalls = provider.reads + provider.probes;
    provider.reads = 0;
    provider.probes = 0;
    const start = clock.now;
    // Each secret rotates once an hour, at its own minute of the hour.
    const offsets = names.map(() => Math.floor(random() * HOUR));
    let lost = 0;
    for (let hour = 0; hour < HOURS; hour++) {
      for (const [index, name] of names.entries()) {
        const at = start + hour * HOUR + offsets[index]!;
        setTimeout(() => {
          const version = String(provider.rotate(name, clock.now));
          if (mode !== 'changes') return;
          const due = new Map<number, number[]>();
          for (let i = 0; i < instances; i++) {
            if (random() < LOSS) {
              lost++;
              continue;
            }
            const delay = DELIVERY_FLOOR_MS - DELIVERY_MEAN_MS * Math.log(1 - random());
            const bucket = Math.ceil(delay / DELIVERY_BUCKET_MS) * DELIVERY_BUCKET_MS;
            (due.get(bucket) ?? due.set(bucket, []).get(bucket)!).push(i);
          }
          for (const [delay, receivers] of due) {
            setTimeout(() => {
              for (const i of receivers) buses[i]!.deliver({ name, version });
            }, delay);
          }
        }, at - clock.now);
      }
    }
    for (let hour = 1; hour <= HOURS; hour++) await clock.advanceTo(start + hour * HOUR);
    await clock.advanceBy(HOUR); // the last rotations' lost notifications: one safety poll later
    const outcome: Outcome = {
      instances,
      setupCalls,
      calls: provider.reads + provider.probes,
      reads: provider.reads,
      probes: provider.probes,
      lagsMs,
      lost,
      seconds: (performance.now() - wall) / 1000,
    };
    await Promise.all(clients.map((client) => client.close()));
    return outcome;
  } finally {
    clock.uninstall();
  }
}

export async function fleet(): Promise<BenchResult> {
  const polling = await simulate('polling', POLLING_SAMPLE);
  const changes = await simulate('changes', INSTANCES);
  const scale = INSTANCES / polling.instances;
  const pollingCalls = polling.calls * scale;
  const fewer = pollingCalls / changes.calls;
  const p = (lags: number[], q: number) => quantile(lags, q) / 1000;
  const rotationsSeen = (outcome: Outcome) => outcome.lagsMs.length;
  const expectedSightings = (outcome: Outcome) => outcome.instances * SECRETS * HOURS;
  return {
    name: 'fleet',
    title: `Fleet (${fmt(INSTANCES)} instances × ${SECRETS} secrets, a rotation per secret per hour, ${HOURS} simulated hours)`,
    tables: [
      {
        headers: ['ratio', 'value'],
        rows: [['provider calls: polling (1 min) ÷ change sources (1 h safety poll)', ratio(fewer)]],
      },
      {
        headers: ['', 'watch polling, 1 min', 'change sources + 1 h safety poll'],
        rows: [
          ['provider calls in 24 h (500 instances)', fmt(pollingCalls), fmt(changes.calls)],
          [
            'provider calls per second, fleet',
            fmt(pollingCalls / (HOURS * 3600)),
            fmt(changes.calls / (HOURS * 3600)),
          ],
          [
            'of which version probes / reads',
            `${fmt(polling.probes * scale)} / ${fmt(polling.reads * scale)}`,
            `${fmt(changes.probes)} / ${fmt(changes.reads)}`,
          ],
          [
            'rotation lag p50 / p99 / max (s)',
            `${fmt(p(polling.lagsMs, 0.5))} / ${fmt(p(polling.lagsMs, 0.99))} / ${fmt(p(polling.lagsMs, 1))}`,
            `${fmt(p(changes.lagsMs, 0.5))} / ${fmt(p(changes.lagsMs, 0.99))} / ${fmt(p(changes.lagsMs, 1))}`,
          ],
          [
            'rotations seen / expected',
            `${fmt(rotationsSeen(polling))} / ${fmt(expectedSightings(polling))}`,
            `${fmt(rotationsSeen(changes))} / ${fmt(expectedSightings(changes))}`,
          ],
          ['notifications lost (caught by the safety poll)', '—', fmt(changes.lost)],
          ['instances simulated', `${polling.instances} (calls × ${scale})`, fmt(changes.instances)],
          ['wall time (s)', polling.seconds.toFixed(1), changes.seconds.toFixed(1)],
        ],
      },
    ],
    budgets: [
      {
        line: 'fleet: change sources make ≥ 20× fewer provider calls than 1-min polling',
        pass: fewer >= 20,
        detail: `${ratio(fewer)} (${fmt(pollingCalls)} vs ${fmt(changes.calls)} calls in 24 h)`,
      },
      {
        line: 'fleet: p99 rotation lag with change sources < 5 s (simulated)',
        pass: p(changes.lagsMs, 0.99) < 5 && rotationsSeen(changes) === expectedSightings(changes),
        detail: `p99 ${fmt(p(changes.lagsMs, 0.99))} s; ${fmt(rotationsSeen(changes))} of ${fmt(expectedSightings(changes))} rotations seen`,
      },
    ],
    notes: [
      'Simulated time (bench/shared/virtual-time.ts). Every instance is a real createSecretsClient over one shared provider that counts getSecret/getVersion (the memory provider without its per-call log, which would hold tens of millions of entries); each instance watch()es all 50 secrets. App reads are cache hits and cost the same in both set-ups, so they are left out.',
      `Polling: watch interval 1 min (±10% jitter, a version probe per poll, a read on a new version). ${POLLING_SAMPLE} instances are simulated and their calls multiplied by ${scale}: instances poll independently, so the fleet's calls are the sample's times the fleet size; lags are the sample's.`,
      `Change sources: ${fmt(INSTANCES)} instances, each with a ChangeSource the simulation drives; a rotation's hint (name + version) reaches each instance after ${DELIVERY_FLOOR_MS} ms plus an exponential delay of mean ${DELIVERY_MEAN_MS} ms (EventBridge → SQS long poll, assumed), and ${LOSS * 100}% of notifications are dropped: the 1 h safety poll (watch interval '1h') finds those. Lag = the watch listener's rotate event minus the moment the provider's version moved.`,
      "A rotation counts as seen once the instance holds it or a newer version (a lost notification is caught by the next read that brings a newer one: the safety poll, or the next hour's hint).",
      'Calls counted from the end of the first loads (one read per secret per instance, the same in both) to one hour after the last rotation.',
    ],
  };
}
