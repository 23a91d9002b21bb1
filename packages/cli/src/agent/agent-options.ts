// `secretkit agent`: its flags, its help, and the settings they and --config come to (flags win).
// Everything that can be wrong is found here, before anything listens: a bad address, a remote
// address without --allow-remote, no token (64, DESIGN §10).
import { parseDuration } from '@secretkit/core';
import type { CommandRequest } from '../command-request.js';
import { loadConfig } from '../config-file.js';
import { COMMON_FLAGS, parseFlags } from '../flags.js';
import { usageError } from '../report.js';
import { type LogLevel, parseLogLevel } from './agent-log.js';
import { DEFAULT_MAX_CONNECTIONS } from './agent-server.js';
import { readAgentToken, TOKEN_ENV } from './agent-token.js';
import {
  assertListenAllowed,
  DEFAULT_LISTEN,
  parseListenAddress,
  type TcpAddress,
} from './listen-address.js';

export const AGENT_HELP = `Usage: secretkit agent [options]

A local HTTP cache of secrets for programs in any language, over every provider, like the AWS
Secrets Manager Agent. Every request but the health check needs the token.

  GET /v1/secret?ref=REF              200 {"ref","version","value"}   header X-Secretkit-Token
  GET /secretsmanager/get?secretId=ID[&versionId=V][&versionStage=S]
                                      the AWS agent's answer          header X-Aws-Parameters-Secrets-Token
  GET /healthz                        200, no token (/ping answers "healthy", as the AWS agent's)

Errors are {"code","message"}: 400 CONFIG, 401 missing or wrong token, 403 ACCESS_DENIED or
UNAUTHENTICATED, 404 NOT_FOUND, 405 not GET, 429 THROTTLED, 503 UNAVAILABLE or TIMEOUT, 500 others.
A request with X-Forwarded-For is refused (400). SIGTERM or SIGINT: in-flight requests finish, exit 0.

Options:
  --listen HOST:PORT      TCP address (default ${DEFAULT_LISTEN}; loopback only without --allow-remote)
  --socket PATH           a unix socket instead (created mode 0600)
  --token-file FILE       the token (default: $${TOKEN_ENV}; one of them is required)
  --allow-remote          allow a --listen address that is not loopback (the token is still required)
  --log-level LEVEL       debug, info (default), warn, error or off; JSON lines on stderr
  --ttl DUR               how long a value is served before it is read again (default 5m)
  --max-connections N     connections served at once (default ${DEFAULT_MAX_CONNECTIONS}); more get 429
  --config FILE           options from a YAML or JSON file (flags win)
  -h, --help              this help

Example:
  SECRETKIT_AGENT_TOKEN=$(head -c 32 /dev/urandom | base64) secretkit agent &
  curl -sG -H "X-Secretkit-Token: $SECRETKIT_AGENT_TOKEN" \\
    --data-urlencode 'ref=awssecrets://prod/db#/password' http://127.0.0.1:2773/v1/secret
`;

const AGENT_FLAGS = {
  ...COMMON_FLAGS,
  listen: { type: 'string' },
  socket: { type: 'string' },
  'token-file': { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'log-level': { type: 'string' },
  ttl: { type: 'string' },
  'max-connections': { type: 'string' },
} as const;

interface AgentFlagValues {
  config?: string;
  help?: boolean;
  listen?: string;
  socket?: string;
  'token-file'?: string;
  'allow-remote'?: boolean;
  'log-level'?: string;
  ttl?: string;
  'max-connections'?: string;
}

export interface AgentSettings {
  listen: TcpAddress | { socketPath: string };
  allowRemote: boolean;
  token: string;
  logLevel: LogLevel;
  ttlMs: number;
  maxConnections: number;
}

export type AgentRequest = CommandRequest<AgentSettings>;

const MAX_CONNECTIONS_LIMIT = 100_000;

function parseMaxConnections(value: string | number, origin: string): number {
  const count = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CONNECTIONS_LIMIT) {
    throw usageError(`${origin} must be a whole number from 1 to ${MAX_CONNECTIONS_LIMIT}`);
  }
  return count;
}

/** Parses `secretkit agent` arguments (and --config), and reads the token. */
export async function readAgentRequest(
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AgentRequest> {
  const { values: flags, positionals, afterDashes } = parseFlags<AgentFlagValues>(argv, AGENT_FLAGS, 'agent');
  if (flags.help) return { help: true };
  if (positionals.length > 0 || afterDashes !== undefined) {
    throw usageError('takes no arguments, only options (see secretkit agent --help)');
  }
  const config = await loadConfig(flags.config);
  const listenText = flags.listen ?? (flags.socket === undefined ? config.listen : undefined);
  const socketPath = flags.socket ?? (flags.listen === undefined ? config.socket : undefined);
  if (listenText !== undefined && socketPath !== undefined) {
    throw usageError('give --listen or --socket, not both');
  }
  if (socketPath === '') throw usageError('--socket needs a path');
  const allowRemote = flags['allow-remote'] ?? config['allow-remote'] ?? false;
  let listen: AgentSettings['listen'];
  if (socketPath !== undefined) listen = { socketPath };
  else {
    const origin = flags.listen !== undefined ? '--listen' : 'listen';
    listen = parseListenAddress(listenText ?? DEFAULT_LISTEN, origin);
    assertListenAllowed(listen, allowRemote, origin);
  }
  const levelText = flags['log-level'] ?? config['log-level'] ?? 'info';
  const logLevel = parseLogLevel(levelText);
  if (logLevel === undefined) throw usageError('--log-level must be debug, info, warn, error or off');
  const ttlMs = parseDuration(flags.ttl ?? config.ttl ?? '5m', flags.ttl !== undefined ? '--ttl' : 'ttl');
  const maxConnections = parseMaxConnections(
    flags['max-connections'] ?? config['max-connections'] ?? DEFAULT_MAX_CONNECTIONS,
    flags['max-connections'] !== undefined ? '--max-connections' : 'max-connections',
  );
  const token = await readAgentToken(flags['token-file'] ?? config['token-file'], env);
  return { help: false, settings: { listen, allowRemote, token, logLevel, ttlMs, maxConnections } };
}
