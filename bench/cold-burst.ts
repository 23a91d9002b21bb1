// Cold burst: 10,000 concurrent first reads of one secret with 20 ms provider latency — provider
// calls made and time to settle, for secretkit, Powertools and a naive "fetch every time" client.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { awsSecretsManager } from '@secretkit/aws';
import { createSecretsClient } from '@secretkit/core';
import { awsFake, powertoolsProvider, sdkClient, setFakeLatency } from './shared/aws-fake.ts';
import { type BenchResult, fmt } from './shared/report.ts';

const CONCURRENT = 10_000;
const LATENCY_MS = 20;

interface Outcome {
  label: string;
  calls: number;
  settleMs: number;
  failed: number;
}

async function burst(label: string, read: (name: string) => Promise<unknown>): Promise<Outcome> {
  const fake = awsFake();
  const name = `bench/cold-burst/${label}`;
  fake.put(name, 'pw-0123456789abcdef');
  const before = fake.calls.log.length;
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => read(name)));
  const settleMs = performance.now() - started;
  const calls = fake.calls.log.slice(before).filter((call) => call.secretId === name).length;
  return { label, calls, settleMs, failed: results.filter((r) => r.status === 'rejected').length };
}

export async function coldBurst(): Promise<BenchResult> {
  awsFake();
  setFakeLatency(LATENCY_MS);
  try {
    const client = createSecretsClient({ provider: awsSecretsManager({ client: sdkClient() }) });
    const ours = await burst('secretkit', (name) => client.get(name));
    await client.close();
    const powertools = powertoolsProvider();
    const pt = await burst('powertools', (name) => powertools.get(name));
    const sdk = sdkClient();
    const naive = await burst('naive', (name) => sdk.send(new GetSecretValueCommand({ SecretId: name })));
    const outcomes = [ours, pt, naive];
    const labels: Record<string, string> = {
      secretkit: 'secretkit client.get',
      powertools: 'Powertools SecretsProvider.get',
      naive: 'naive: SDK GetSecretValue every time',
    };
    return {
      name: 'cold-burst',
      title: `Cold burst (${fmt(CONCURRENT)} concurrent first reads, ${LATENCY_MS} ms provider latency)`,
      tables: [
        {
          headers: ['ratio', 'value'],
          rows: [
            ['Powertools calls ÷ secretkit calls', fmt(pt.calls / ours.calls)],
            ['Powertools settle time ÷ secretkit', fmt(pt.settleMs / ours.settleMs)],
            ['naive settle time ÷ secretkit', fmt(naive.settleMs / ours.settleMs)],
          ],
        },
        {
          headers: ['contender', 'GetSecretValue calls', 'time to settle (ms)', 'rejected'],
          rows: outcomes.map((o) => [labels[o.label] ?? o.label, fmt(o.calls), fmt(o.settleMs), o.failed]),
        },
      ],
      budgets: [
        {
          line: `Cold burst: exactly 1 provider call for ${fmt(CONCURRENT)} concurrent requests`,
          pass: ours.calls === 1 && ours.failed === 0,
          detail: `${ours.calls} call(s), ${ours.failed} rejected, settled in ${fmt(ours.settleMs)} ms`,
        },
      ],
      notes: [
        "All three use the real AWS SDK v3 (maxAttempts 1) answered by @secretkit/aws/testing's msw fake, which waits 20 ms (real time) before each answer. Calls are counted by the fake.",
        "Powertools and the naive client send one HTTPS request per read; the SDK's default agent (50 sockets) queues them, which is part of what a user of those clients gets.",
      ],
    };
  } finally {
    setFakeLatency(0);
  }
}
