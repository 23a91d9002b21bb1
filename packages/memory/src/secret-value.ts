// What a stored value may be and how it is kept: text as is, bytes as a private copy, objects as
// their JSON text. Bytes are copied on the way in and out so no caller can mutate the store.
import { describeInput } from './input-checks.js';
import { memoryError } from './memory-errors.js';

/** A value as tests hand it over: text, bytes, or an object stored as `JSON.stringify(object)`. */
export type MemorySecretValue = string | Uint8Array | object;

/** The stored form of `value`; CONFIG when it is none of the accepted kinds. */
export function toStoredValue(value: unknown, name: string): string | Uint8Array {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'object' && value !== null) {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined; // the serialiser's message may quote the object, so it is not passed on
    }
    if (typeof json === 'string') return json;
    throw memoryError('CONFIG', `the value of "${name}" cannot be serialised as JSON`, name);
  }
  throw memoryError(
    'CONFIG',
    `the value of "${name}" must be a string, a Uint8Array or an object; got ${describeInput(value)}`,
    name,
  );
}

/** A copy a caller may keep and mutate. */
export function copyStoredValue(value: string | Uint8Array): string | Uint8Array {
  return typeof value === 'string' ? value : new Uint8Array(value);
}
