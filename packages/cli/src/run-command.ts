// `secretkit run`: resolve every ref of the child's environment, start the child, forward signals,
// and with --watch act on changes (restart, signal, or nothing). Exits with the child's code.
import type { SecretResolver } from '@secretkit/refs';
import { childEnvOf, type EnvPlan, namesWithNul, planChildEnv } from './child-env.js';
import { createCliResolver } from './cli-resolver.js';
import { commandWithHelp } from './command-request.js';
import { EXIT } from './exit-codes.js';
import { MaskSet } from './masking.js';
import { exitCodeOfFailures, readRefs, reportFailures } from './read-refs.js';
import { say } from './report.js';
import { RUN_HELP, type RunSettings, readRunRequest } from './run-options.js';
import { watchAndApply } from './run-watch.js';
import { Supervisor } from './supervisor.js';

/** The child's environment for `values`, or undefined (reported) when one cannot be carried. */
function envFor(plan: EnvPlan, values: ReadonlyMap<string, string>): Record<string, string> | undefined {
  const withNul = namesWithNul(plan, values);
  if (withNul.length > 0) {
    say(`cannot pass ${withNul.join(', ')}: the value holds a NUL byte, which no environment variable can`);
    return undefined;
  }
  return childEnvOf(plan, values);
}

async function supervise(settings: RunSettings, plan: EnvPlan, resolver: SecretResolver): Promise<number> {
  const read = await readRefs(resolver, plan.refs);
  if (!read.ok) {
    reportFailures(read.failures);
    return exitCodeOfFailures(read.failures); // no child starts
  }
  const env = envFor(plan, read.values);
  if (env === undefined) return EXIT.DATA;
  const mask = settings.mask ? new MaskSet() : undefined;
  mask?.add(read.values.values());
  const supervisor = new Supervisor({
    command: settings.command,
    args: settings.args,
    mask,
    restartSignal: settings.restartSignal,
    killTimeoutMs: settings.killTimeoutMs,
  });
  supervisor.start(env);
  const watching = settings.watch
    ? watchAndApply({ settings, plan, resolver, supervisor, mask, applied: read.values, envFor })
    : undefined;
  try {
    return await supervisor.done;
  } finally {
    watching?.stop();
    supervisor.dispose();
  }
}

export const runCommand = commandWithHelp(readRunRequest, RUN_HELP, run);

async function run(settings: RunSettings): Promise<number> {
  const plan = planChildEnv({ inherited: process.env, named: settings.named, pristine: settings.pristine });
  const resolver = await createCliResolver({ watching: settings.watch });
  try {
    return await supervise(settings, plan, resolver);
  } finally {
    await resolver.close();
  }
}
