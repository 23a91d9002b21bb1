// Provider-call bill: 100 secrets read 1,000 times a second for 10 simulated minutes with each
// library's default TTL — secretkit (5 min, refreshed ahead) against Powertools (maxAge 5 s) —
// as calls per minute and dollars per month at Secrets Manager's $0.05 per 10,000 calls.
import { createSecretsClient } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { CountingSecretsProvider } from './shared/aws-fake.ts';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { VirtualClock } from './shared/virtual-time.ts';

const SECRETS = 100;
const READS_PER_SECOND = 1000;
const MINUTES = 10;
const USD_PER_CALL = 0.05 / 10_000;
const MINUTES_PER_MONTH = 60 * 24 * 30;

/** Runs the read schedule on the virtual clock; `read` is awaited (no timers: answers in microtasks). */
async function schedule(clock: VirtualClock, names: string[], read: (name: string) => Promise<unknown>) {
  const start = clock.now;
  const total = MINUTES * 60 * READS_PER_SECOND;
  for (let i = 0; i < total; i++) {
    const at = start + (i * 1000) / READS_PER_SECOND;
    if (clock.now < at) await clock.advanceTo(at);
    await read(names[i % SECRETS]);
  }
  await clock.advanceTo(start + MINUTES * 60_000);
}

async function ours(names: string[]): Promise<number> {
  const clock = new VirtualClock().install();
  try {
    const provider = createMemoryProvider({ secrets: Object.fromEntries(names.map((n) => [n, `pw-${n}`])) });
    const client = createSecretsClient({ provider }); // defaults: ttl 5 min, refresh ahead at 80%
    await schedule(clock, names, (name) => client.get(name));
    const calls = provider.callCount('getSecret');
    await client.close();
    return calls;
  } finally {
    clock.uninstall();
  }
}

async function powertools(names: string[]): Promise<number> {
  const clock = new VirtualClock().install();
  try {
    const provider = new CountingSecretsProvider(); // defaults: maxAge 5 s
    await schedule(clock, names, (name) => provider.get(name));
    return provider.calls;
  } finally {
    clock.uninstall();
  }
}

export async function providerBill(): Promise<BenchResult> {
  const names = Array.from({ length: SECRETS }, (_, i) => `bench/bill/${i}`);
  const oursCalls = await ours(names);
  const ptCalls = await powertools(names);
  const perMinute = (calls: number) => calls / MINUTES;
  const perMonth = (calls: number) => perMinute(calls) * MINUTES_PER_MONTH * USD_PER_CALL;
  return {
    name: 'provider-bill',
    title: `Provider-call bill (${SECRETS} secrets, ${fmt(READS_PER_SECOND)} reads/s, ${MINUTES} simulated minutes, default TTLs)`,
    tables: [
      {
        headers: ['ratio', 'value'],
        rows: [['Powertools calls ÷ secretkit calls', ratio(ptCalls / oursCalls)]],
      },
      {
        headers: [
          'contender (default TTL)',
          `calls in ${MINUTES} min`,
          'calls/min',
          'USD/month (one process)',
        ],
        rows: [
          [
            'secretkit (ttl 5 min, refresh ahead at 80%)',
            fmt(oursCalls),
            fmt(perMinute(oursCalls)),
            `$${perMonth(oursCalls).toFixed(2)}`,
          ],
          [
            'Powertools SecretsProvider (maxAge 5 s)',
            fmt(ptCalls),
            fmt(perMinute(ptCalls)),
            `$${perMonth(ptCalls).toFixed(2)}`,
          ],
        ],
      },
    ],
    budgets: [],
    notes: [
      'Simulated time (bench/shared/virtual-time.ts): reads are spread evenly, 1 ms apart, each secret read every 100 ms; USD/month = calls/min × 43,200 min × $0.05/10,000, for one process (multiply by your instance count).',
      "secretkit runs with the memory provider (answers in a microtask) and its defaults; calls are the provider's own count.",
      'Powertools runs its real BaseProvider cache (ExpirableValue reads `new Date()`/`Date.now()`, which the virtual clock drives) with defaults; only `_get`, its AWS call, is replaced by a counter, so its call count is measured, not computed.',
    ],
  };
}
