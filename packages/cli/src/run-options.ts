// `secretkit run`: its flags, its help, and the settings they and --config come to (flags win).
import { readFile } from 'node:fs/promises';
import { parseDuration } from '@secretkit/core';
import type { CommandRequest } from './command-request.js';
import { type CliConfig, loadConfig } from './config-file.js';
import { type EnvAssignment, parseAssignment, parseEnvFile } from './env-file.js';
import { COMMON_FLAGS, parseFlags } from './flags.js';
import { inputFileError, usageError } from './report.js';
import { parseSignal } from './signals.js';

export const RUN_HELP = `Usage: secretkit run [options] -- COMMAND [ARG...]

Runs COMMAND (without a shell, stdin inherited) with secrets in its environment. Every --env, every
--env-file value and every inherited variable whose whole value is a ref is resolved first; if one
fails, COMMAND never starts. SECRETKIT_* variables never reach it. secretkit forwards SIGINT,
SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 and exits with COMMAND's code (128+n for signal n).

Options:
  --env NAME=REF          a variable for COMMAND (repeatable; a value that is no ref is passed as is)
  --env-file FILE         NAME=VALUE lines, # comments; values may be refs (repeatable)
  --pristine              give COMMAND only PATH, HOME and the variables named here
  --watch                 keep reading the refs; act when a value changes (2 s debounce)
  --interval DUR          how often --watch reads (default 1m, at least 1s)
  --on-change ACTION      restart (default), signal:SIG (e.g. signal:SIGHUP), or none
  --restart-signal SIG    stops COMMAND for a restart (default SIGTERM)
  --kill-timeout DUR      then SIGKILL after this long (default 10s)
  --mask, --no-mask       replace resolved values in COMMAND's output with [redacted]
                          (default: on when stdout is not a terminal, off in a terminal)
  --config FILE           options from a YAML or JSON file (flags win)
  -h, --help              this help

Example:
  secretkit run --env DB_PASSWORD='awssecrets://prod/db#/password' -- node server.js
`;

const RUN_FLAGS = {
  ...COMMON_FLAGS,
  env: { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  pristine: { type: 'boolean' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  'on-change': { type: 'string' },
  'restart-signal': { type: 'string' },
  'kill-timeout': { type: 'string' },
  mask: { type: 'boolean' },
} as const;

interface RunFlagValues {
  config?: string;
  help?: boolean;
  env?: string[];
  'env-file'?: string[];
  pristine?: boolean;
  watch?: boolean;
  interval?: string;
  'on-change'?: string;
  'restart-signal'?: string;
  'kill-timeout'?: string;
  mask?: boolean;
}

export type OnChange = { kind: 'restart' } | { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'none' };

export interface RunSettings {
  command: string;
  args: string[];
  /** --config env, env files, --env flags: in precedence order, lowest first. */
  named: EnvAssignment[];
  pristine: boolean;
  watch: boolean;
  intervalMs: number;
  onChange: OnChange;
  restartSignal: NodeJS.Signals;
  killTimeoutMs: number;
  mask: boolean;
}

export type RunRequest = CommandRequest<RunSettings>;

/** The shortest --interval (core's watch minimum). */
export const MIN_INTERVAL_MS = 1_000;

export function parseInterval(value: string | number, origin: string): number {
  const ms = parseDuration(value, origin);
  if (ms < MIN_INTERVAL_MS) throw usageError(`${origin} must be at least 1s`);
  return ms;
}

function parseOnChange(text: string, origin: string): OnChange {
  if (text === 'restart' || text === 'none') return { kind: text };
  if (text.startsWith('signal:')) return { kind: 'signal', signal: parseSignal(text.slice(7), origin) };
  throw usageError(`${origin} must be restart, signal:SIG or none`);
}

async function readEnvFiles(paths: readonly string[]): Promise<EnvAssignment[]> {
  const assignments: EnvAssignment[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw inputFileError(`--env-file ${path}`, error);
    }
    assignments.push(...parseEnvFile(text, path));
  }
  return assignments;
}

function checkWatchFlags(flags: RunFlagValues, watch: boolean): void {
  if (watch) return;
  for (const flag of ['interval', 'on-change', 'restart-signal', 'kill-timeout'] as const) {
    if (flags[flag] !== undefined) throw usageError(`run: --${flag} needs --watch`);
  }
}

function settingsOf(flags: RunFlagValues, config: CliConfig, command: string[], named: EnvAssignment[]) {
  const watch = flags.watch ?? config.watch ?? false;
  checkWatchFlags(flags, watch);
  const interval = flags.interval ?? config.interval ?? '1m';
  const onChange = flags['on-change'] ?? config['on-change'] ?? 'restart';
  const restartSignal = flags['restart-signal'] ?? config['restart-signal'] ?? 'SIGTERM';
  const killTimeout = flags['kill-timeout'] ?? config['kill-timeout'] ?? '10s';
  const [program, ...args] = command;
  return {
    command: program!,
    args,
    named,
    pristine: flags.pristine ?? config.pristine ?? false,
    watch,
    intervalMs: parseInterval(interval, flags.interval !== undefined ? '--interval' : 'interval'),
    onChange: parseOnChange(onChange, '--on-change'),
    restartSignal: parseSignal(restartSignal, '--restart-signal'),
    killTimeoutMs: parseDuration(killTimeout, '--kill-timeout'),
    mask: flags.mask ?? config.mask ?? process.stdout.isTTY !== true,
  } satisfies RunSettings;
}

/** Parses `secretkit run` arguments (and --config, and the env files). */
export async function readRunRequest(argv: string[]): Promise<RunRequest> {
  const { values: flags, positionals, afterDashes } = parseFlags<RunFlagValues>(argv, RUN_FLAGS, 'run');
  if (flags.help) return { help: true };
  if (positionals.length > 0)
    throw usageError('run: put the command after --, as in: secretkit run -- COMMAND');
  if (afterDashes === undefined || afterDashes.length === 0) {
    throw usageError('run: no command given (secretkit run [options] -- COMMAND [ARG...])');
  }
  const config = await loadConfig(flags.config);
  const envFiles = [...(config['env-file'] ?? []), ...(flags['env-file'] ?? [])];
  const named = [
    ...config.env,
    ...(await readEnvFiles(envFiles)),
    ...(flags.env ?? []).map((text) => parseAssignment(text, '--env')),
  ];
  return { help: false, settings: settingsOf(flags, config, afterDashes, named) };
}
