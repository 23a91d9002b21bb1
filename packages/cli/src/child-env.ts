// The environment `run` gives its child (DESIGN §10), as a pure plan: which variables are plain
// text and which are refs to resolve. Precedence, lowest first: the inherited environment (or, with
// --pristine, only its PATH and HOME), --config `env`, each --env-file in order, each --env in order.
// SECRETKIT_* variables never reach the child.
import { isSecretRef } from '@secretkit/core';
import type { EnvAssignment } from './env-file.js';
import { usageError } from './report.js';

export const RESERVED_PREFIX = 'SECRETKIT_';
/** What --pristine keeps of the inherited environment. */
export const PRISTINE_KEEPS = ['PATH', 'HOME'] as const;

export interface EnvPlan {
  /** Variable → its value, or the ref whose value it gets. */
  readonly entries: ReadonlyMap<string, { value: string; isRef: boolean }>;
  /** The distinct refs to resolve, in first-seen order. */
  readonly refs: readonly string[];
}

export interface EnvSources {
  inherited: Readonly<Record<string, string | undefined>>;
  /** --config `env`, env files, --env flags: in precedence order, lowest first. */
  named: readonly EnvAssignment[];
  pristine: boolean;
}

/** Plans the child's environment; CONFIG when a named variable is SECRETKIT_* (it could never arrive). */
export function planChildEnv({ inherited, named, pristine }: EnvSources): EnvPlan {
  const merged = new Map<string, string>();
  for (const [name, value] of Object.entries(inherited)) {
    if (value === undefined || name.startsWith(RESERVED_PREFIX)) continue;
    if (pristine && !(PRISTINE_KEEPS as readonly string[]).includes(name)) continue;
    merged.set(name, value);
  }
  for (const { name, value, origin } of named) {
    if (name.startsWith(RESERVED_PREFIX)) {
      throw usageError(`${origin}: ${name}: variables named ${RESERVED_PREFIX}* never reach the child`);
    }
    merged.delete(name); // re-insert: the child sees named variables after inherited ones
    merged.set(name, value);
  }
  const entries = new Map<string, { value: string; isRef: boolean }>();
  const refs = new Set<string>();
  for (const [name, value] of merged) {
    const isRef = isSecretRef(value);
    entries.set(name, { value, isRef });
    if (isRef) refs.add(value);
  }
  return { entries, refs: [...refs] };
}

/** The child's environment once every ref of `plan` has a value in `values`. */
export function childEnvOf(plan: EnvPlan, values: ReadonlyMap<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, { value, isRef }] of plan.entries) {
    if (!isRef) {
      env[name] = value;
      continue;
    }
    const resolved = values.get(value);
    if (resolved === undefined) throw new Error(`no value for the ref of ${name}`);
    env[name] = resolved;
  }
  return env;
}

/**
 * Names of variables whose value (resolved or plain) contains a NUL byte, which no environment can
 * carry: spawn would refuse it with an error that quotes the value.
 */
export function namesWithNul(plan: EnvPlan, values: ReadonlyMap<string, string>): string[] {
  return [...plan.entries]
    .filter(([, { value, isRef }]) => (isRef ? (values.get(value) ?? '') : value).includes('\0'))
    .map(([name]) => name);
}

/** The environment with SECRETKIT_* removed: for commands secretkit runs itself (render --exec). */
export function withoutReserved(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !name.startsWith(RESERVED_PREFIX)) kept[name] = value;
  }
  return kept;
}
