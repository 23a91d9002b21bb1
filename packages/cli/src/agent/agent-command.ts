// `secretkit agent`: reads its settings (64 before anything listens when they are wrong), builds the
// resolver every read goes through (cache ttl from --ttl), listens, and runs until SIGTERM or SIGINT:
// then no new requests, in-flight ones finish, the resolver closes (revoking nothing it was not
// asked to), and it exits 0.
import type { SecretResolver } from '@secretkit/refs';
import { createCliResolver } from '../cli-resolver.js';
import { commandWithHelp } from '../command-request.js';
import { EXIT } from '../exit-codes.js';
import { CLI_VERSION } from '../version.js';
import { createAgentLog } from './agent-log.js';
import { AGENT_HELP, type AgentSettings, readAgentRequest } from './agent-options.js';
import { type RunningAgent, startAgent } from './agent-server.js';

/** Signals that stop the agent cleanly (a sidecar or a daemon asked to stop). */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Resolves at the first stop signal; every later one calls `onAgain` (a second Ctrl-C cuts the
 * drain short). Returns the promise and the function that stops listening.
 */
function onStopSignals(onAgain: () => void): { first: Promise<NodeJS.Signals>; stop(): void } {
  let resolveFirst: (signal: NodeJS.Signals) => void = () => {};
  const first = new Promise<NodeJS.Signals>((resolve) => {
    resolveFirst = resolve;
  });
  let seen = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (seen) return onAgain();
    seen = true;
    resolveFirst(signal);
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  const stop = () => {
    for (const name of STOP_SIGNALS) process.off(name, onSignal);
  };
  return { first, stop };
}

export const agentCommand = commandWithHelp(readAgentRequest, AGENT_HELP, runAgent);

async function runAgent(settings: AgentSettings): Promise<number> {
  const log = createAgentLog(settings.logLevel);
  let agent: RunningAgent | undefined;
  // installed before the server listens, so an early SIGTERM is not lost
  const signals = onStopSignals(() => {
    log.write('warn', 'stopping now', { inFlight: agent?.inFlight() ?? 0 });
    agent?.closeNow();
  });
  let resolver: SecretResolver | undefined;
  try {
    resolver = await createCliResolver({ watching: false, client: { cache: { ttl: settings.ttlMs } } });
    agent = await startAgent({
      listen: settings.listen,
      allowRemote: settings.allowRemote,
      token: settings.token,
      resolver,
      log,
      maxConnections: settings.maxConnections,
    });
  } catch (error) {
    signals.stop();
    await resolver?.close();
    throw error;
  }
  log.write('info', 'listening', {
    address: agent.address,
    pid: process.pid,
    version: CLI_VERSION,
    ttlMs: settings.ttlMs,
    maxConnections: settings.maxConnections,
  });
  const signal = await signals.first;
  log.write('info', 'stopping', { signal, inFlight: agent.inFlight() });
  await agent.close();
  await resolver.close();
  log.write('info', 'stopped', { cutOff: agent.inFlight() });
  await log.flush();
  signals.stop();
  return EXIT.OK;
}
