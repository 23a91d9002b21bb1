// Reads a set of refs at once through the resolver: each distinct ref once, all in the same tick so
// refs to one secret share one provider call (core coalesces them). Either every value, or every
// failure: a caller never acts on a partial set.
import { isSecretsError } from '@secretkit/core';
import type { SecretResolver } from '@secretkit/refs';
import { exitCodeFor } from './exit-codes.js';
import { say, sayError } from './report.js';

export interface RefFailure {
  ref: string;
  error: unknown;
}

export type RefRead = { ok: true; values: Map<string, string> } | { ok: false; failures: RefFailure[] };

export async function readRefs(resolver: SecretResolver, refs: readonly string[]): Promise<RefRead> {
  const distinct = [...new Set(refs)];
  const settled = await Promise.allSettled(distinct.map((ref) => resolver.get(ref)));
  const values = new Map<string, string>();
  const failures: RefFailure[] = [];
  settled.forEach((result, index) => {
    const ref = distinct[index]!;
    if (result.status === 'fulfilled') values.set(ref, result.value);
    else failures.push({ ref, error: result.reason });
  });
  return failures.length === 0 ? { ok: true, values } : { ok: false, failures };
}

/** Reports each failure on stderr (the ref and a value-free reason). */
export function reportFailures(failures: readonly RefFailure[]): void {
  for (const { ref, error } of failures) sayError(`cannot read ${ref}`, error);
}

/** The exit code for a failed read: the first failing ref's (in the order refs were given). */
export function exitCodeOfFailures(failures: readonly RefFailure[]): number {
  return exitCodeFor(failures[0]?.error);
}

/** Which refs failed and how: a watcher reports a failure when this changes, not at every interval. */
export function failureSignature(failures: readonly RefFailure[]): string {
  return JSON.stringify(
    failures.map(({ ref, error }) => [ref, isSecretsError(error) ? error.code : 'UNKNOWN']),
  );
}

/** Reports a watcher's reads: failures when they differ from the last read's, and the recovery. */
export function createReadReporter(): (read: RefRead) => void {
  let last = '';
  return (read) => {
    if (read.ok) {
      if (last !== '') say('every ref reads again');
      last = '';
      return;
    }
    const signature = failureSignature(read.failures);
    if (signature !== last) reportFailures(read.failures);
    last = signature;
  };
}
