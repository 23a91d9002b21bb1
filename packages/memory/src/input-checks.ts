// Checks on what tests hand the memory provider (names, option objects, durations): bad input is
// a CONFIG error that says what was wrong, never a crash deeper in.
import type { Lease, SecretRequest } from '@secretkit/core';
import { memoryError } from './memory-errors.js';

/** Throws CONFIG unless `name` is a non-empty string. */
export function assertSecretName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw memoryError('CONFIG', `secret name must be a non-empty string; got ${describeInput(name)}`);
  }
}

/** Throws CONFIG unless `request` is an object with a non-empty string `name`. */
export function assertRequest(request: unknown): asserts request is SecretRequest {
  if (typeof request !== 'object' || request === null) {
    throw memoryError(
      'CONFIG',
      `a request must be an object { name, version?, stage? }; got ${describeInput(request)}`,
    );
  }
  assertSecretName((request as { name?: unknown }).name);
}

/** Throws CONFIG unless `lease` is an object with a string `id`. */
export function assertLease(lease: unknown): asserts lease is Lease {
  if (typeof lease !== 'object' || lease === null || typeof (lease as { id?: unknown }).id !== 'string') {
    throw memoryError(
      'CONFIG',
      `a lease must be an object { id, ttlMs, renewable }; got ${describeInput(lease)}`,
    );
  }
}

/** The name a request is about, for logs and errors, when it has one. */
export function requestedName(request: unknown): string | undefined {
  const name = (request as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Throws CONFIG unless `options` is undefined or a plain object whose keys are all in `allowed`. */
export function assertOptions(options: unknown, allowed: readonly string[], what: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw memoryError('CONFIG', `${what} must be an object; got ${describeInput(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw memoryError('CONFIG', `${what} has an unknown option "${key}"; known: ${allowed.join(', ')}`);
    }
  }
}

/** Throws CONFIG unless `value` is a finite number of milliseconds, at least `min`. */
export function assertMilliseconds(value: unknown, what: string, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw memoryError(
      'CONFIG',
      `${what} must be a finite number of milliseconds >= ${min}; got ${typeof value === 'number' ? String(value) : describeInput(value)}`,
    );
  }
}

/** The type of an input, for error messages: never the input itself (it may be a secret). */
export function describeInput(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
