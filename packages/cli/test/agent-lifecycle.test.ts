// secretkit agent's life as a real process: startup failures and their exit codes (no token is 64),
// loopback only unless --allow-remote, the unix socket (mode 0600 whatever the umask, a stale one
// replaced, a live one never), bounded connections, log levels, and graceful shutdown on SIGTERM:
// in-flight requests finish, idle connections do not hold it up, then exit 0.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLogLines, secretPath, send, startAgentProcess } from './fixtures/agent-http.js';
import { useAwsFake } from './helpers/aws-fake.js';
import { baseEnv, canary, runCli, tempDir, waitFor } from './helpers.js';

const TOKEN = canary('token');
const VALUE = canary('value');
const dir = tempDir('secretkit-agent-');
const secretFile = join(dir.path, 'secret');
const tokenEnv = () => baseEnv({ SECRETKIT_AGENT_TOKEN: TOKEN });
const withToken = { 'x-secretkit-token': TOKEN };

beforeAll(() => {
  writeFileSync(secretFile, VALUE);
});
afterAll(() => dir.cleanup());

describe('startup', () => {
  it('fails with 64 without a token, before it listens', async () => {
    const result = await runCli(['agent', '--listen', '127.0.0.1:0'], { env: baseEnv() });
    expect(result.code).toBe(64);
    expect(result.stderr).toBe(
      'secretkit: agent: CONFIG: no token: give --token-file FILE or set SECRETKIT_AGENT_TOKEN ' +
        '(clients send it in X-Secretkit-Token)\n',
    );
    const blank = await runCli(['agent'], { env: baseEnv({ SECRETKIT_AGENT_TOKEN: ' \n' }) });
    expect(blank.code).toBe(64);
  });

  it('reads --token-file (trimmed) over SECRETKIT_AGENT_TOKEN; an empty file is 64, a missing one 66', async () => {
    const tokenFile = join(dir.path, 'token');
    const fileToken = canary('file-token');
    writeFileSync(tokenFile, `${fileToken}\n`);
    const agent = await startAgentProcess(['--listen', '127.0.0.1:0', '--token-file', tokenFile], tokenEnv());
    try {
      expect((await send(agent.url, secretPath(`file://${secretFile}`), { headers: withToken })).status).toBe(
        401,
      );
      const reply = await send(agent.url, secretPath(`file://${secretFile}`), {
        headers: { 'x-secretkit-token': fileToken },
      });
      expect(JSON.parse(reply.body).value).toBe(VALUE);
    } finally {
      expect(await agent.stop()).toEqual({ code: 0, signal: null });
    }
    expect(agent.cli.stderr()).not.toContain(fileToken);
    writeFileSync(tokenFile, '\n');
    expect((await runCli(['agent', '--token-file', tokenFile], { env: baseEnv() })).code).toBe(64);
    const missing = await runCli(['agent', '--token-file', join(dir.path, 'none')], { env: baseEnv() });
    expect(missing.code).toBe(66);
  });

  it.each([
    [['--listen', '0.0.0.0:0'], 'not a loopback address'],
    [['--listen', '192.0.2.1:2773'], 'not a loopback address'],
    [['--listen', '127.0.0.1'], 'must be HOST:PORT'],
    [['--listen', '127.0.0.1:0', '--socket', '/tmp/x.sock'], 'give --listen or --socket, not both'],
    [['--log-level', 'loud'], '--log-level must be'],
    [['--ttl', 'soon'], 'ttl'],
    [['--max-connections', '0'], '--max-connections must be'],
    [['extra'], 'takes no arguments'],
    [['--nope'], "Unknown option '--nope'"],
  ])('%j is a usage error (64): %s', async (args, message) => {
    const result = await runCli(['agent', ...args], { env: tokenEnv() });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('listens on another address with --allow-remote, and still requires the token', async () => {
    const agent = await startAgentProcess(['--listen', '0.0.0.0:0', '--allow-remote'], tokenEnv());
    try {
      const port = agent.address.split(':').at(-1);
      const url = `http://127.0.0.1:${port}`;
      expect((await send(url, secretPath(`file://${secretFile}`))).status).toBe(401);
      expect((await send(url, secretPath(`file://${secretFile}`), { headers: withToken })).status).toBe(200);
    } finally {
      expect(await agent.stop()).toEqual({ code: 0, signal: null });
    }
  });

  it('takes its options from --config (paths from the file’s directory), flags winning', async () => {
    const configDir = join(dir.path, 'config');
    mkdirSync(configDir);
    const configToken = canary('config-token');
    writeFileSync(join(configDir, 'token'), `${configToken}\n`);
    const config = join(configDir, 'agent.yaml');
    writeFileSync(
      config,
      'listen: 127.0.0.1:0\ntoken-file: token\nttl: 2s\nmax-connections: 5\nlog-level: debug\n',
    );
    const agent = await startAgentProcess(['--config', config, '--max-connections', '7'], baseEnv());
    try {
      expect(agent.logs().find((line) => line.msg === 'listening')).toMatchObject({
        ttlMs: 2000,
        maxConnections: 7,
      });
      const reply = await send(agent.url, secretPath(`file://${secretFile}`), {
        headers: { 'x-secretkit-token': configToken },
      });
      expect(JSON.parse(reply.body).value).toBe(VALUE);
    } finally {
      expect(await agent.stop()).toEqual({ code: 0, signal: null });
    }
    writeFileSync(config, 'max-connections: many\n');
    const bad = await runCli(['agent', '--config', config], { env: tokenEnv() });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('max-connections must be a whole number');
  });

  it('fails with 69 when the port is taken', async () => {
    const first = await startAgentProcess(['--listen', '127.0.0.1:0'], tokenEnv());
    try {
      const second = await runCli(['agent', '--listen', first.address], { env: tokenEnv() });
      expect(second.code).toBe(69);
      expect(second.stderr).toContain(`--listen ${first.address}: address already in use`);
    } finally {
      await first.stop();
    }
  });

  it('prints its help', async () => {
    const result = await runCli(['agent', '--help'], { env: baseEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: secretkit agent [options]');
    expect(result.stdout).toContain('--allow-remote');
    const overview = await runCli(['--help'], { env: baseEnv() });
    expect(overview.stdout).toMatch(/\n {2}agent +\S/);
  });
});

describe('the unix socket', () => {
  it('is mode 0600 whatever the umask, serves, and is removed on SIGTERM', async () => {
    const path = join(dir.path, 'agent.sock');
    const agent = await startAgentProcess(['--socket', path], tokenEnv(), { umask: '000' });
    expect(agent.address).toBe(`unix:${path}`);
    try {
      expect(statSync(path).isSocket()).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const reply = await send(undefined, secretPath(`file://${secretFile}`), {
        socketPath: path,
        headers: withToken,
      });
      expect(JSON.parse(reply.body).value).toBe(VALUE);
      expect((await send(undefined, secretPath(`file://${secretFile}`), { socketPath: path })).status).toBe(
        401,
      );
    } finally {
      expect(await agent.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a stale socket, never a live one or another kind of file', async () => {
    const path = join(dir.path, 'stale.sock');
    const crashed = await startAgentProcess(['--socket', path], tokenEnv());
    expect(await crashed.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(existsSync(path)).toBe(true); // left behind
    const agent = await startAgentProcess(['--socket', path], tokenEnv());
    try {
      expect((await send(undefined, '/healthz', { socketPath: path })).status).toBe(200);
      const second = await runCli(['agent', '--socket', path], { env: tokenEnv() });
      expect(second.code).toBe(69);
      expect(second.stderr).toContain('address already in use');
      expect((await send(undefined, '/healthz', { socketPath: path })).status).toBe(200);
    } finally {
      await agent.stop();
    }
    const regular = join(dir.path, 'not-a-socket');
    writeFileSync(regular, 'keep me');
    const refused = await runCli(['agent', '--socket', regular], { env: tokenEnv() });
    expect(refused.code).toBe(69);
    expect(statSync(regular).isFile()).toBe(true);
  });
});

describe('limits and logs', () => {
  it('serves --max-connections at once; one more gets 429 THROTTLED and is closed', async () => {
    const agent = await startAgentProcess(['--listen', '127.0.0.1:0', '--max-connections', '2'], tokenEnv());
    const port = Number(agent.address.split(':').at(-1));
    const idle: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = connect({ host: '127.0.0.1', port });
        await new Promise((resolve) => socket.once('connect', resolve));
        idle.push(socket);
      }
      const refused = await send(agent.url, secretPath(`file://${secretFile}`), { headers: withToken });
      expect(refused.status).toBe(429);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.body)).toEqual({
        code: 'THROTTLED',
        message: 'the agent serves at most 2 connections at once',
      });
      for (const socket of idle) socket.destroy();
      await waitFor(
        async () => (await send(agent.url, '/healthz')).status === 200,
        'a connection to be served again',
      );
    } finally {
      for (const socket of idle) socket.destroy();
      await agent.stop();
    }
  });

  it('--log-level warn logs refusals and failures, not successful requests', async () => {
    const path = join(dir.path, 'quiet.sock');
    const agent = await startAgentProcess(['--socket', path, '--log-level', 'warn'], tokenEnv(), {
      readyOnSocket: path,
    });
    await send(undefined, secretPath(`file://${secretFile}`), { socketPath: path, headers: withToken });
    await send(undefined, secretPath(`file://${secretFile}`), { socketPath: path });
    await send(undefined, secretPath(`file://${join(dir.path, 'missing')}`), {
      socketPath: path,
      headers: withToken,
    });
    expect(await agent.stop()).toEqual({ code: 0, signal: null });
    const lines = agent.logs();
    expect(lines.map(({ level, status, code }) => ({ level, status, code }))).toEqual([
      { level: 'warn', status: 401, code: 'UNAUTHENTICATED' },
      { level: 'warn', status: 404, code: 'NOT_FOUND' },
    ]);
  });
});

describe('graceful shutdown', () => {
  const aws = useAwsFake();
  const { fake } = aws;
  /** Answers held back: the provider call of the in-flight request waits here until released. */
  const held: Array<() => void> = [];
  const releaseHeld = () => {
    for (const release of held.splice(0)) release();
  };

  beforeAll(() => {
    fake.host.use(
      http.post(`${fake.endpoint}/`, async ({ request }) => {
        if (!(await request.clone().text()).includes('slow/secret')) return;
        await new Promise<void>((resolve) => held.push(resolve));
      }),
    );
  });

  it('on SIGTERM stops accepting, lets the in-flight request finish, closes idle connections, exits 0', async () => {
    fake.put('slow/secret', VALUE);
    const agent = await startAgentProcess(
      ['--listen', '127.0.0.1:0'],
      aws.env({
        SECRETKIT_AGENT_TOKEN: TOKEN,
        AWS_ACCESS_KEY_ID: 'AKIDAGENTTEST',
        AWS_SECRET_ACCESS_KEY: 'agent-test-secret-key',
      }),
    );
    // an idle keep-alive connection that must not hold the shutdown up
    const keepAlive = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      get(`${agent.url}/healthz`, { agent: keepAlive }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    try {
      const inFlight = send(agent.url, secretPath('awssecrets://slow/secret'), { headers: withToken });
      await waitFor(() => held.length > 0, 'the provider call to start');
      agent.cli.kill('SIGTERM');
      await waitFor(
        () => agent.logs().some((line) => line.msg === 'stopping'),
        'the agent to begin stopping',
      );
      await expect(send(agent.url, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      releaseHeld();
      const reply = await inFlight;
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body).value).toBe(VALUE);
      expect(await agent.exited()).toEqual({ code: 0, signal: null });
      const events = parseLogLines(agent.cli.stderr())
        .filter((line) => line.msg !== 'request' || line.route === '/v1/secret')
        .map((line) => (line.msg === 'request' ? `request ${line.status}` : line.msg));
      expect(events).toEqual(['listening', 'stopping', 'request 200', 'stopped']);
      expect(agent.logs().find((line) => line.msg === 'stopping')).toMatchObject({
        signal: 'SIGTERM',
        inFlight: 1,
      });
    } finally {
      releaseHeld();
      keepAlive.destroy();
      await agent.stop();
    }
  });
});
