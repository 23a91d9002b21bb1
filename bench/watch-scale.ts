// Watch scale: CPU time and timers for 10,000 watched secrets over 10 simulated minutes (default
// interval 1 min ±10% jitter, one version probe per poll).
import { createSecretsClient } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { type BenchResult, fmt } from './shared/report.ts';
import { VirtualClock } from './shared/virtual-time.ts';

const WATCHED = 10_000;
const MINUTES = 10;

export async function watchScale(): Promise<BenchResult> {
  const names = Array.from({ length: WATCHED }, (_, i) => `bench/watch/${i}`);
  const clock = new VirtualClock().install();
  try {
    const provider = createMemoryProvider({ secrets: Object.fromEntries(names.map((n) => [n, `pw-${n}`])) });
    const client = createSecretsClient({ provider, cache: { maxEntries: WATCHED } });
    let rotations = 0;
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    const stops = names.map((name) => client.watch(name, () => rotations++));
    await clock.advanceBy(1);
    const setupCpu = process.cpuUsage(cpuStart);
    const liveAfterSetup = clock.live;
    const createdAfterSetup = clock.created;
    const pollCpuStart = process.cpuUsage();
    for (let s = 1; s <= MINUTES * 60; s++) await clock.advanceTo(clock.now + 1000);
    const pollCpu = process.cpuUsage(pollCpuStart);
    const wall = performance.now() - wallStart;
    const probes = provider.callCount('getVersion');
    const reads = provider.callCount('getSecret');
    for (const stop of stops) stop();
    const liveAfterStop = clock.live;
    await client.close();
    const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
    const pollMs = ms(pollCpu);
    return {
      name: 'watch-scale',
      title: `Watch scale (${fmt(WATCHED)} watched secrets, ${MINUTES} simulated minutes, default interval 1 min)`,
      tables: [
        {
          headers: ['measure', 'value'],
          rows: [
            [
              'CPU share of one core while polling (CPU ms ÷ simulated ms)',
              `${((pollMs / (MINUTES * 60_000)) * 100).toFixed(3)}%`,
            ],
            ['CPU ms per poll', fmt(pollMs / Math.max(1, probes))],
            ['live timers per watched secret', fmt(liveAfterSetup / WATCHED)],
          ],
        },
        {
          headers: ['measure', 'value'],
          rows: [
            ['CPU ms to start 10,000 watches (incl. first reads)', fmt(ms(setupCpu))],
            [`CPU ms for ${MINUTES} simulated minutes of polling`, fmt(pollMs)],
            [
              'live timers after setup / peak / after unsubscribing',
              `${fmt(liveAfterSetup)} / ${fmt(clock.peakLive)} / ${fmt(liveAfterStop)}`,
            ],
            ['timers created (setup / total)', `${fmt(createdAfterSetup)} / ${fmt(clock.created)}`],
            ['version probes (getVersion) / value reads (getSecret)', `${fmt(probes)} / ${fmt(reads)}`],
            ['rotate events', rotations],
            ['wall ms for the whole simulation', fmt(wall)],
          ],
        },
      ],
      budgets: [],
      notes: [
        'Simulated time (bench/shared/virtual-time.ts) with the memory provider answering in a microtask; the clock advances 1 s at a time and fires each due timer, then lets promise callbacks run. CPU is process.cpuUsage() (user + system), so it includes the memory provider and the virtual-time harness itself: an upper bound for core.',
        "Timers are counted by the virtual clock (every setTimeout/setInterval while installed, including the memory provider's and core's per-call timeout timers).",
      ],
    };
  } finally {
    clock.uninstall();
  }
}
