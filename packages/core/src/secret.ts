// The Secret handed to callers: the value behind accessors, everything else plain metadata.
// Printing it in any way (toString, JSON.stringify, console.log, util.inspect) shows "[redacted]".
import { SecretsError } from './errors.js';
import type { Lease, SecretRecord } from './provider.js';

export const REDACTED = '[redacted]';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export interface Secret {
  readonly name: string;
  readonly version?: string;
  readonly createdAt?: Date;
  readonly expiresAt?: Date;
  readonly lease?: Lease;
  readonly metadata: Readonly<Record<string, string>>;
  /** True when served past its ttl because the provider was failing. */
  readonly stale: boolean;
  /** The value as UTF-8 text; WRONG_TYPE for bytes that are not valid UTF-8. */
  text(): string;
  /** The value's bytes (a fresh copy each call). */
  bytes(): Uint8Array;
  /** The value parsed as JSON; PARSE (saying where, not what) when it is not JSON. */
  json<T = unknown>(): T;
}

/** A value with its record metadata; immutable once made. */
export class CachedSecret implements Secret {
  readonly name: string;
  readonly version?: string;
  readonly createdAt?: Date;
  readonly expiresAt?: Date;
  readonly lease?: Lease;
  readonly metadata: Readonly<Record<string, string>>;
  readonly stale: boolean;
  readonly #value: string | Uint8Array;
  #text: string | undefined;
  #parsed: { value: unknown } | undefined;

  constructor(record: SecretRecord, stale = false, value: string | Uint8Array = record.value) {
    this.name = record.name;
    if (record.version !== undefined) this.version = record.version;
    if (record.createdAt !== undefined) this.createdAt = record.createdAt;
    if (record.expiresAt !== undefined) this.expiresAt = record.expiresAt;
    if (record.lease !== undefined) this.lease = Object.freeze({ ...record.lease });
    this.metadata = Object.freeze({ ...record.metadata });
    this.stale = stale;
    this.#value = value;
    if (typeof value === 'string') this.#text = value;
  }

  text(): string {
    if (this.#text === undefined) {
      try {
        this.#text = utf8.decode(this.#value as Uint8Array);
      } catch {
        throw new SecretsError('WRONG_TYPE', `secret "${this.name}" is binary and not valid UTF-8 text`, {
          secretName: this.name,
        });
      }
    }
    return this.#text;
  }

  bytes(): Uint8Array {
    const value = this.#value;
    return typeof value === 'string' ? encoder.encode(value) : value.slice();
  }

  json<T = unknown>(): T {
    return parseSecretJson(this.text(), this.name) as T;
  }

  /** The parsed JSON value, parsed once and shared: internal, never handed to callers (mutable). */
  parsedJson(): unknown {
    this.#parsed ??= { value: this.json() };
    return this.#parsed.value;
  }

  /** The same value marked stale (served past ttl while the provider fails). */
  asStale(): CachedSecret {
    return new CachedSecret(this.#record(), true, this.#value);
  }

  /** A secret whose value is `value` and whose metadata is this one's (used for `field`). */
  withValue(value: string): CachedSecret {
    return new CachedSecret(this.#record(), this.stale, value);
  }

  #record(): SecretRecord {
    const { name, version, createdAt, expiresAt, lease, metadata } = this;
    return { name, value: '', version, createdAt, expiresAt, lease, metadata } as SecretRecord;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/**
 * JSON.parse that never leaks the input: its native message quotes the text, so the error says
 * only where parsing failed and carries no cause.
 */
export function parseSecretJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` at position ${position}`;
    throw new SecretsError('PARSE', `secret "${name}" is not valid JSON${where} (length ${text.length})`, {
      secretName: name,
    });
  }
}
