// Static secrets: every version of every value, the stage labels pointing at them, and the rules
// a read obeys (missing → NOT_FOUND, disabled or expired → DISABLED).
import type { SecretRecord, SecretRequest } from '@secretkit/core';
import { assertOptions } from './input-checks.js';
import { memoryError } from './memory-errors.js';
import { copyStoredValue, type MemorySecretValue, toStoredValue } from './secret-value.js';

/** Options of a native write. */
export interface MemoryWriteOptions {
  /** The new version is DISABLED ("expired at …") from this instant on. */
  expiresAt?: Date;
  /** Returned as the record's `metadata`. */
  metadata?: Record<string, string>;
  /** Enables or disables the whole secret. @default unchanged (a new secret starts enabled) */
  enabled?: boolean;
}

interface StoredVersion {
  id: string;
  value: string | Uint8Array;
  createdAt: number;
  expiresAt?: number;
  metadata?: Record<string, string>;
}

interface StoredSecret {
  versions: Map<string, StoredVersion>;
  lastVersion: number;
  /** Stage label → version id. `current` always exists; `previous` after the second write. */
  stages: Map<string, string>;
  enabled: boolean;
}

const CURRENT = 'current';
const PREVIOUS = 'previous';
/** AWS Secrets Manager's stage names, accepted as our own. */
const STAGE_ALIASES: Readonly<Record<string, string>> = { AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS };

/** The label a stage name stands for: AWSCURRENT is `current`, AWSPREVIOUS is `previous`. */
export function canonicalStage(stage: string): string {
  return STAGE_ALIASES[stage] ?? stage;
}

/** Throws CONFIG unless `options` is a valid MemoryWriteOptions (or undefined). */
export function assertWriteOptions(name: string, options: MemoryWriteOptions | undefined): void {
  assertOptions(options, ['expiresAt', 'metadata', 'enabled'], `set("${name}") options`);
  const { expiresAt, metadata, enabled }: MemoryWriteOptions = options ?? {};
  if (expiresAt !== undefined && !(expiresAt instanceof Date && Number.isFinite(expiresAt.getTime()))) {
    throw memoryError('CONFIG', `set("${name}") expiresAt must be a valid Date`, name);
  }
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' ||
      metadata === null ||
      Object.values(metadata).some((entry) => typeof entry !== 'string'))
  ) {
    throw memoryError('CONFIG', `set("${name}") metadata must be an object of strings`, name);
  }
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    throw memoryError('CONFIG', `set("${name}") enabled must be a boolean`, name);
  }
}

export class SecretStore {
  readonly #secrets = new Map<string, StoredSecret>();

  has(name: string): boolean {
    return this.#secrets.has(name);
  }

  names(): string[] {
    return [...this.#secrets.keys()];
  }

  /**
   * Stores `value` as the next version ("1", "2", …), moves `previous` to the old `current` and
   * `current` to the new version. Returns the new version id.
   */
  write(name: string, value: MemorySecretValue, options: MemoryWriteOptions, now: number): string {
    const stored = toStoredValue(value, name);
    let secret = this.#secrets.get(name);
    if (secret === undefined) {
      secret = { versions: new Map(), lastVersion: 0, stages: new Map(), enabled: true };
      this.#secrets.set(name, secret);
    }
    secret.lastVersion += 1;
    const id = String(secret.lastVersion);
    secret.versions.set(id, {
      id,
      value: stored,
      createdAt: now,
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt.getTime() }),
      ...(options.metadata === undefined ? {} : { metadata: { ...options.metadata } }),
    });
    const current = secret.stages.get(CURRENT);
    if (current !== undefined) secret.stages.set(PREVIOUS, current);
    secret.stages.set(CURRENT, id);
    if (options.enabled !== undefined) secret.enabled = options.enabled;
    return id;
  }

  /** Deletes the secret with all its versions; false when there was none. */
  remove(name: string): boolean {
    return this.#secrets.delete(name);
  }

  setEnabled(name: string, enabled: boolean): void {
    this.#require(name).enabled = enabled;
  }

  /** Points `stage` (a new label, or an existing one) at an existing version. */
  setStage(name: string, stage: string, version: string): void {
    const secret = this.#require(name);
    if (!secret.versions.has(version)) {
      throw memoryError('NOT_FOUND', `secret "${name}" has no version "${version}"`, name);
    }
    secret.stages.set(canonicalStage(stage), version);
  }

  /** The record a read of `request` returns at `now`. */
  read(request: SecretRequest, now: number): SecretRecord {
    const version = this.#resolve(request, now);
    return {
      name: request.name,
      value: copyStoredValue(version.value),
      version: version.id,
      createdAt: new Date(version.createdAt),
      ...(version.expiresAt === undefined ? {} : { expiresAt: new Date(version.expiresAt) }),
      ...(version.metadata === undefined ? {} : { metadata: { ...version.metadata } }),
    };
  }

  /** The version `read(request, now)` would return; rejects exactly as it would. */
  versionOf(request: SecretRequest, now: number): string {
    return this.#resolve(request, now).id;
  }

  #require(name: string): StoredSecret {
    const secret = this.#secrets.get(name);
    if (secret === undefined) throw memoryError('NOT_FOUND', `secret "${name}" not found`, name);
    return secret;
  }

  #resolve(request: SecretRequest, now: number): StoredVersion {
    const { name } = request;
    const secret = this.#require(name);
    let id = request.version;
    if (request.stage !== undefined) {
      const staged = secret.stages.get(canonicalStage(request.stage));
      if (staged === undefined) {
        throw memoryError('NOT_FOUND', `secret "${name}" has no stage "${request.stage}"`, name);
      }
      if (id !== undefined && id !== staged) {
        throw memoryError(
          'NOT_FOUND',
          `secret "${name}" has no version "${id}" at stage "${request.stage}"`,
          name,
        );
      }
      id = staged;
    }
    const version = secret.versions.get(id ?? secret.stages.get(CURRENT) ?? '');
    if (version === undefined) {
      throw memoryError('NOT_FOUND', `secret "${name}" has no version "${id}"`, name);
    }
    if (!secret.enabled) throw memoryError('DISABLED', `secret "${name}" is disabled`, name);
    if (version.expiresAt !== undefined && version.expiresAt <= now) {
      throw memoryError(
        'DISABLED',
        `secret "${name}" version "${version.id}" expired at ${new Date(version.expiresAt).toISOString()}`,
        name,
      );
    }
    return version;
  }
}
