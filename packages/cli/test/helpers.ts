// Test helpers: spawn the BUILT `secretkit` (packages/cli/dist/bin.cjs, the package's bin) as a real process, collect
// its output, and wait for conditions with bounded polling.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const NODE = process.execPath;

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** Fails (never skips) when the bin has not been built. */
export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: run the build first (pnpm --filter @secretkit/cli... build, or npm test)`,
    );
  }
}

/** A minimal environment for the CLI: no inherited credentials, no vitest variables. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_EC2_METADATA_DISABLED: 'true',
    METADATA_SERVER_DETECTION: 'none',
  };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface CliProcess {
  readonly process: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  stdoutBytes(): Buffer;
  /** Settles when the process exits. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** Starts `node dist/bin.cjs ...args`, stdin ignored, stdout and stderr piped (not a terminal). */
export function startCli(args: readonly string[], options: StartOptions = {}): CliProcess {
  assertBuilt();
  return startProcess(NODE, [BIN, ...args], options);
}

/** Every process a test started and has not seen exit: killed when its file ends, pass or fail. */
const running = new Set<ChildProcess>();
afterAll(async () => {
  const left = [...running];
  for (const child of left) child.kill('SIGTERM'); // secretkit passes it on to its own child
  const deadline = Date.now() + 3_000;
  while (running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

export function startProcess(
  command: string,
  args: readonly string[],
  options: StartOptions = {},
): CliProcess {
  const child = spawn(command, args, {
    env: options.env ?? baseEnv(),
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  running.add(child);
  child.on('exit', () => running.delete(child));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    pid: child.pid!,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    stdoutBytes: () => Buffer.concat(out),
    exit,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Runs the CLI to its end (at most `timeoutMs`, then SIGKILL and a failure). */
export async function runCli(args: readonly string[], options: StartOptions & { timeoutMs?: number } = {}) {
  const cli = startCli(args, options);
  return finish(cli, options.timeoutMs ?? 15_000);
}

export async function finish(cli: CliProcess, timeoutMs = 15_000): Promise<CliResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cli.kill('SIGKILL');
      reject(new Error(`secretkit did not exit within ${timeoutMs} ms\nstderr: ${cli.stderr()}`));
    }, timeoutMs);
  });
  try {
    const { code, signal } = await Promise.race([cli.exit, timedOut]);
    return { code, signal, stdout: cli.stdout(), stderr: cli.stderr(), stdoutBytes: cli.stdoutBytes() };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `signal`, then waits for the exit as `finish` does. */
export function stopCli(cli: CliProcess, signal: NodeJS.Signals, timeoutMs?: number): Promise<CliResult> {
  cli.kill(signal);
  return finish(cli, timeoutMs);
}

/** Polls `condition` every `intervalMs` until it returns a truthy value, at most `timeoutMs`. */
export async function waitFor<T>(
  condition: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix = 'secretkit-cli-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export interface LifecycleEvent {
  event: 'start' | 'signal' | 'exit';
  pid: number;
  at: number;
  secret?: string | null;
  signal?: string;
  earlierAlive?: number[];
}

/** The events the lifecycle fixture logged so far. */
export function readLifecycle(log: string): LifecycleEvent[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LifecycleEvent);
}

export function starts(log: string): LifecycleEvent[] {
  return readLifecycle(log).filter((event) => event.event === 'start');
}

/** A canary: a unique value that must never appear in secretkit's own output. */
export function canary(label: string): string {
  return `CANARY-${label}-${Math.random().toString(36).slice(2, 10)}-${Date.now().toString(36)}`;
}

/**
 * Replaces a secret file as an orchestrator does (a new file renamed over the old one), so a
 * reader never sees it half written: writeFileSync truncates first, and a poll may read that.
 */
export function replaceFile(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
