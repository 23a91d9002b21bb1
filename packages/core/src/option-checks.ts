// How every options object core takes is read: an object, only known keys (own or inherited, never a
// symbol), values taken from the object itself and never from a polluted Object.prototype.
import { describe } from './duration.js';
import { SecretsError } from './errors.js';

/**
 * The known options of `value` as a null-prototype record, or CONFIG: for a value that is not an
 * object, for any string key that is not in `known` (own keys of every kind, and enumerable keys
 * inherited from a prototype other than Object.prototype), and for any symbol key.
 * `what` names the object ("cache"), `keyWhat` its keys ("cache option") in error messages.
 */
export function readOptions(
  value: unknown,
  what: string,
  known: readonly string[],
  keyWhat = 'option',
  /** Put before each key in messages: `'auth.'` for a nested options object. */
  keyPrefix = '',
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretsError('CONFIG', `${what} must be an object; got ${describe(value)}`);
  }
  const read: Record<string, unknown> = Object.create(null);
  for (const level of prototypeChain(value)) {
    const own = level === value;
    for (const key of Reflect.ownKeys(level)) {
      // A class prototype's constructor and methods are not options; a plain object's keys are.
      if (!own && !Object.prototype.propertyIsEnumerable.call(level, key)) continue;
      if (typeof key === 'symbol') {
        throw new SecretsError(
          'CONFIG',
          `${what} has a symbol key (${String(key)}); options are named by strings: ${known.join(', ')}`,
        );
      }
      if (!known.includes(key)) {
        throw new SecretsError(
          'CONFIG',
          `unknown ${keyWhat} "${keyPrefix}${key}"; expected one of: ${known.join(', ')}`,
        );
      }
    }
  }
  for (const key of known) {
    // Through the object itself, so an accessor sees its receiver; never from Object.prototype.
    if (prototypeChain(value).some((level) => Object.hasOwn(level, key))) {
      read[key] = (value as Record<string, unknown>)[key];
    }
  }
  return read;
}

/** `value` and its prototypes, up to (not including) Object.prototype. */
function prototypeChain(value: object): object[] {
  const levels: object[] = [];
  // A Proxy could fake an endless chain; no real options object is 32 prototypes deep.
  for (let level: object | null = value; level !== null && level !== Object.prototype; ) {
    if (levels.length === 32) throw new SecretsError('CONFIG', 'an options object has too many prototypes');
    levels.push(level);
    level = Object.getPrototypeOf(level) as object | null;
  }
  return levels;
}

/** The default only for a missing option: `null` is a value, and an invalid one (CONFIG). */
export function orDefault(value: unknown, fallback: unknown): unknown {
  return value === undefined ? fallback : value;
}

/** A whole number in [min, max], or CONFIG naming the option. */
export function wholeNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SecretsError(
      'CONFIG',
      `${what} must be a whole number from ${min} to ${max}; got ${describe(value)}`,
    );
  }
  return value;
}
