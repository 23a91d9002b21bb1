// Agent: warm-cache requests per second through `secretkit agent` on loopback, as a ratio to a bare
// Node `http` server answering a constant (the floor for this transport); and provider calls for
// 1,000 concurrent cold requests for one ref. Both servers are real processes (the built bin, and
// `node -e` with http.createServer); the load comes from a third process over keep-alive connections.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAwsSecretsManagerFake } from '@secretkit/aws/testing';
import { http } from 'msw';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { median } from './shared/stats.ts';

const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.cjs', import.meta.url));
const TOKEN = 'bench-agent-token-0123456789abcdef';
const ROUNDS = 5;
const REQUESTS_PER_ROUND = 20_000;
const CONNECTIONS = 32;
const COLD_REQUESTS = 1_000;
const COLD_LATENCY_MS = 50;
const BUDGET_RATIO = 0.5;

interface Server {
  process: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Spawns `args`, drains its output (a full pipe would stall it) and waits for its port. */
function startServer(args: string[], env: NodeJS.ProcessEnv, portOf: (line: string) => number | undefined) {
  return new Promise<Server>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let found = false;
    const timer = setTimeout(() => reject(new Error(`no port from ${args.join(' ')} within 15 s`)), 15_000);
    const onData = (chunk: Buffer) => {
      if (found) return; // drained and dropped
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        const port = portOf(line);
        if (port === undefined) continue;
        found = true;
        clearTimeout(timer);
        resolve({
          process: child,
          port,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      if (!found) reject(new Error(`${args.join(' ')} exited ${code} before listening: ${buffered}`));
    });
  });
}

function startAgent(env: NodeJS.ProcessEnv = {}): Promise<Server> {
  return startServer(
    [BIN, 'agent', '--listen', '127.0.0.1:0'],
    { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SECRETKIT_AGENT_TOKEN: TOKEN, ...env },
    (line) => {
      if (!line.startsWith('{')) return undefined;
      const entry = JSON.parse(line) as { msg?: string; address?: string };
      return entry.msg === 'listening' ? Number(entry.address?.split(':').at(-1)) : undefined;
    },
  );
}

function startFloor(body: string): Promise<Server> {
  const script = `
    const body = ${JSON.stringify(body)};
    const length = Buffer.byteLength(body);
    require('node:http')
      .createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': length });
        res.end(body);
      })
      .listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
    process.on('SIGTERM', () => process.exit(0));`;
  return startServer(['-e', script], { PATH: process.env.PATH ?? '' }, (line) =>
    line.startsWith('port ') ? Number(line.slice(5)) : undefined,
  );
}

// The load runs in its own process: msw, which other benchmarks leave listening in this one,
// intercepts every outgoing connection of the process it runs in. It prints one JSON line.
const LOAD_SCRIPT = `
const { Agent, request } = require('node:http');
const { PORT, TARGET, TOKEN, REQUESTS, CONNECTIONS } = process.env;
const total = Number(REQUESTS);
const agent = new Agent({ keepAlive: true, maxSockets: Number(CONNECTIONS) });
const get = () => new Promise((resolve) => {
  const req = request({ host: '127.0.0.1', port: Number(PORT), path: TARGET, agent, headers: { 'x-secretkit-token': TOKEN } }, (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
  });
  req.on('error', () => resolve({ status: 0, body: '' }));
  req.end();
});
(async () => {
  let left = total;
  const statuses = {};
  const bodies = new Set();
  const started = performance.now();
  await Promise.all(Array.from({ length: Number(CONNECTIONS) }, async () => {
    while (left > 0) {
      left--;
      const reply = await get();
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      if (bodies.size < 3) bodies.add(reply.body);
    }
  }));
  const ms = performance.now() - started;
  agent.destroy();
  process.stdout.write(JSON.stringify({ ms, statuses, bodies: [...bodies] }) + '\\n');
})();
`;

interface LoadResult {
  ms: number;
  statuses: Record<string, number>;
  bodies: string[];
}

/** `requests` GETs of `target` over `connections` keep-alive connections (all at once when equal). */
function load(port: number, target: string, requests: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD_SCRIPT], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        TARGET: target,
        TOKEN,
        REQUESTS: String(requests),
        CONNECTIONS: String(connections),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`the load process exited ${code}`));
      resolve(JSON.parse(out) as LoadResult);
    });
  });
}

/** CPU seconds (user + system) a process used so far, from /proc; undefined where there is none. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

interface Round {
  perSecond: number;
  /** The server's CPU microseconds per request, when /proc tells. */
  cpuMicros: number | undefined;
}

/** REQUESTS_PER_ROUND requests over CONNECTIONS keep-alive connections: throughput and the server's CPU. */
async function round(server: Server, target: string): Promise<Round> {
  const cpuBefore = cpuSeconds(server.process.pid);
  const result = await load(server.port, target, REQUESTS_PER_ROUND, CONNECTIONS);
  const cpuAfter = cpuSeconds(server.process.pid);
  const ok = result.statuses['200'] ?? 0;
  if (ok !== REQUESTS_PER_ROUND) throw new Error(`port ${server.port}: ${JSON.stringify(result.statuses)}`);
  return {
    perSecond: REQUESTS_PER_ROUND / (result.ms / 1000),
    cpuMicros:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / REQUESTS_PER_ROUND,
  };
}

function medianOf(rounds: Round[], pick: (round: Round) => number | undefined): number {
  const values = rounds.map(pick).filter((value): value is number => value !== undefined);
  return values.length === rounds.length ? median(values) : Number.NaN;
}

async function warm(dir: string) {
  const file = join(dir, 'secret');
  writeFileSync(file, 'pw-0123456789abcdef');
  const path = `/v1/secret?ref=${encodeURIComponent(`file://${file}`)}`;
  const agent = await startAgent();
  try {
    const first = await load(agent.port, path, 1, 1);
    const body = first.bodies[0] ?? '';
    if (first.statuses['200'] !== 1) throw new Error(`the agent answered ${JSON.stringify(first)}`);
    const floor = await startFloor(body); // the same body, so both send the same bytes
    try {
      await round(agent, path); // warm-up: JIT, connections, the cache
      await round(floor, path);
      const ours: Round[] = [];
      const bare: Round[] = [];
      for (let index = 0; index < ROUNDS; index++) {
        // alternate which goes first, so drift on a shared machine hits both alike
        if (index % 2 === 0) {
          ours.push(await round(agent, path));
          bare.push(await round(floor, path));
        } else {
          bare.push(await round(floor, path));
          ours.push(await round(agent, path));
        }
      }
      return {
        ours: medianOf(ours, (r) => r.perSecond),
        floor: medianOf(bare, (r) => r.perSecond),
        oursCpu: medianOf(ours, (r) => r.cpuMicros),
        floorCpu: medianOf(bare, (r) => r.cpuMicros),
        bodyBytes: Buffer.byteLength(body),
      };
    } finally {
      await floor.stop();
    }
  } finally {
    await agent.stop();
  }
}

async function cold() {
  const fake = createAwsSecretsManagerFake();
  const socket = await fake.listenOnSocket({ port: 0 });
  fake.host.use(
    http.post(`${fake.endpoint}/`, async () => {
      await new Promise((resolve) => setTimeout(resolve, COLD_LATENCY_MS));
    }),
  );
  const name = 'bench/agent/cold';
  fake.put(name, 'pw-0123456789abcdef');
  const agent = await startAgent({
    AWS_ENDPOINT_URL_SECRETS_MANAGER: socket.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTESTONLY',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  try {
    const path = `/v1/secret?ref=${encodeURIComponent(`awssecrets://${name}`)}`;
    const result = await load(agent.port, path, COLD_REQUESTS, COLD_REQUESTS);
    const answered = result.statuses['200'] ?? 0;
    const settleMs = result.ms;
    const calls = fake.calls.log.filter(
      (call) => call.operation === 'GetSecretValue' && call.secretId === name,
    ).length;
    return { calls, answered, settleMs };
  } finally {
    await agent.stop();
    await fake.close();
  }
}

export async function agentBench(): Promise<BenchResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build @secretkit/cli first`);
  const dir = mkdtempSync(join(tmpdir(), 'secretkit-bench-agent-'));
  try {
    const hot = await warm(dir);
    const burst = await cold();
    const share = hot.ours / hot.floor;
    return {
      name: 'agent',
      title: `Agent (warm reads over ${CONNECTIONS} keep-alive connections; ${fmt(COLD_REQUESTS)} concurrent cold requests)`,
      tables: [
        {
          headers: ['ratio', 'value'],
          rows: [
            ['agent req/s ÷ bare http server req/s', ratio(share)],
            ['agent CPU per request ÷ bare http server CPU per request', ratio(hot.oursCpu / hot.floorCpu)],
          ],
        },
        {
          headers: ['contender', 'requests/s (median of rounds)', 'server CPU µs per request'],
          rows: [
            ['bare Node http server answering a constant (the floor)', fmt(hot.floor), fmt(hot.floorCpu)],
            [
              'secretkit agent, GET /v1/secret, warm cache, default log level',
              fmt(hot.ours),
              fmt(hot.oursCpu),
            ],
          ],
        },
        {
          headers: ['cold burst', 'GetSecretValue calls', 'answered 200', 'time to settle (ms)'],
          rows: [
            [
              `${fmt(COLD_REQUESTS)} concurrent requests, one ref`,
              burst.calls,
              burst.answered,
              fmt(burst.settleMs),
            ],
          ],
        },
      ],
      budgets: [
        {
          line: `Agent warm requests/s ≥ ${BUDGET_RATIO}× a bare Node http server`,
          pass: share >= BUDGET_RATIO,
          detail: `${ratio(share)} (${fmt(hot.ours)} vs ${fmt(hot.floor)} req/s)`,
        },
        {
          line: `Agent: exactly 1 provider call for ${fmt(COLD_REQUESTS)} concurrent cold requests`,
          pass: burst.calls === 1 && burst.answered === COLD_REQUESTS,
          detail: `${burst.calls} call(s), ${burst.answered}/${fmt(COLD_REQUESTS)} answered, settled in ${fmt(burst.settleMs)} ms`,
        },
      ],
      notes: [
        `Both servers are separate processes on loopback: the agent is \`node packages/cli/dist/bin.cjs agent\` (its default log level, one JSON line per request on stderr, drained by the harness), the floor \`node -e\` with http.createServer answering the agent's own ${hot.bodyBytes}-byte reply. ${fmt(REQUESTS_PER_ROUND)} requests per round from a separate load process over ${CONNECTIONS} keep-alive connections (node:http client), ${ROUNDS} rounds alternating which server goes first, after one warm-up round each; the ref is a file:// secret read once and then served from the cache. When the load process is the bottleneck for both (as on a two-core machine), requests/s says only that the agent keeps up; the server CPU per request (from /proc, 10 ms ticks) shows its own cost.`,
        `Cold burst: @secretkit/aws/testing's fake in real-socket mode answering after ${COLD_LATENCY_MS} ms; the agent process reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER; ${fmt(COLD_REQUESTS)} requests at once, each on its own connection; calls counted by the fake.`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
