// The `secretkit run` command lines the tests start: each ref as --env NAME=REF, the child after --.
import { fixture, NODE } from '../helpers.js';

/** `run [...flags] --env NAME=REF... -- ...child`, the variables in the order given. */
export function runArgs(
  refs: Record<string, string>,
  child: readonly string[],
  flags: readonly string[] = [],
): string[] {
  const env = Object.entries(refs).flatMap(([name, ref]) => ['--env', `${name}=${ref}`]);
  return ['run', ...flags, ...env, '--', ...child];
}

/** `run --watch --interval 1s [...flags] --env NAME=REF... -- ...child`: the watch tests' shortest poll. */
export function watchArgs(
  refs: Record<string, string>,
  child: readonly string[],
  flags: readonly string[] = [],
): string[] {
  return runArgs(refs, child, ['--watch', '--interval', '1s', ...flags]);
}

/** The child `node -e CODE`. */
export function nodeEval(code: string): string[] {
  return [NODE, '-e', code];
}

/** The child fixtures/lifecycle.mjs: logs its start, the signals it gets and its exit to `log`. */
export function lifecycleChild(log: string, flags: readonly string[] = []): string[] {
  return [NODE, fixture('lifecycle.mjs'), log, ...flags];
}
