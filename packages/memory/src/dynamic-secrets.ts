// Dynamic secrets, modelled on Vault's database engine: every read mints a new credential under
// a new lease; a lease renews up to its max TTL and ends when it expires or is revoked.
import { randomBytes } from 'node:crypto';
import type { Lease, SecretRecord, SecretRequest } from '@secretkit/core';
import { assertMilliseconds, assertOptions } from './input-checks.js';
import { memoryError } from './memory-errors.js';
import { toStoredValue } from './secret-value.js';

/** How a dynamic secret issues credentials. */
export interface DynamicSecretOptions {
  /** Lease TTL in milliseconds, granted at issue and at each renewal. */
  ttl: number;
  /** Whether its leases can be renewed. @default true */
  renewable?: boolean;
  /** A lease never lives past issue + maxTtl (Vault's max_ttl), in milliseconds. @default unlimited */
  maxTtl?: number;
  /**
   * The credential for the `serial`-th read (1, 2, …); an object is stored as its JSON text.
   * @default `{ username: "<name with / as ->-<serial>", password: <32 random hex digits> }`
   */
  generate?: (serial: number) => string | object;
}

/** A lease as `leases()` reports it. */
export interface MemoryLease {
  id: string;
  /** The dynamic secret it was issued for. */
  name: string;
  /** The TTL of the last grant (issue or renewal). */
  ttlMs: number;
  renewable: boolean;
  issuedAt: Date;
  /** Last grant + ttlMs. */
  expiresAt: Date;
  revoked: boolean;
}

interface Definition {
  ttl: number;
  renewable: boolean;
  maxTtl: number;
  generate: (serial: number) => string | object;
  enabled: boolean;
}

interface LeaseState {
  id: string;
  name: string;
  ttl: number;
  maxTtl: number;
  renewable: boolean;
  issuedAt: number;
  grantedAt: number;
  ttlMs: number;
  revoked: boolean;
}

const DEFINE_OPTIONS = ['ttl', 'renewable', 'maxTtl', 'generate'] as const;

export class DynamicSecrets {
  readonly #definitions = new Map<string, Definition>();
  /** Last serial per name; kept across redefinition so lease ids stay unique. */
  readonly #serials = new Map<string, number>();
  readonly #leases = new Map<string, LeaseState>();

  define(name: string, options: DynamicSecretOptions): void {
    assertOptions(options, DEFINE_OPTIONS, `defineDynamic("${name}") options`);
    if (options === undefined) throw memoryError('CONFIG', `defineDynamic("${name}") needs { ttl }`);
    const { ttl, renewable = true, maxTtl = Number.POSITIVE_INFINITY, generate } = options;
    assertMilliseconds(ttl, 'ttl', 1);
    if (maxTtl !== Number.POSITIVE_INFINITY) assertMilliseconds(maxTtl, 'maxTtl', 1);
    if (typeof renewable !== 'boolean') throw memoryError('CONFIG', 'renewable must be a boolean');
    if (generate !== undefined && typeof generate !== 'function') {
      throw memoryError('CONFIG', 'generate must be a function');
    }
    this.#definitions.set(name, {
      ttl,
      renewable,
      maxTtl,
      generate: generate ?? ((serial) => defaultCredential(name, serial)),
      enabled: this.#definitions.get(name)?.enabled ?? true,
    });
  }

  has(name: string): boolean {
    return this.#definitions.has(name);
  }

  names(): string[] {
    return [...this.#definitions.keys()];
  }

  /** Forgets the definition; leases already issued live on, as Vault's do. */
  remove(name: string): boolean {
    return this.#definitions.delete(name);
  }

  setEnabled(name: string, enabled: boolean): void {
    const definition = this.#definitions.get(name);
    if (definition !== undefined) definition.enabled = enabled;
  }

  /** A new credential under a new lease. */
  issue(request: SecretRequest, now: number): SecretRecord {
    const definition = this.#readable(request);
    const { name } = request;
    const serial = (this.#serials.get(name) ?? 0) + 1;
    this.#serials.set(name, serial);
    const value = toStoredValue(definition.generate(serial), name);
    const ttlMs = Math.min(definition.ttl, definition.maxTtl);
    const id = `${name}/${serial}`;
    this.#leases.set(id, {
      id,
      name,
      ttl: definition.ttl,
      maxTtl: definition.maxTtl,
      renewable: definition.renewable,
      issuedAt: now,
      grantedAt: now,
      ttlMs,
      revoked: false,
    });
    return { name, value, createdAt: new Date(now), lease: { id, ttlMs, renewable: definition.renewable } };
  }

  /** Dynamic secrets have no version: undefined, or the error `issue(request)` would throw. */
  versionOf(request: SecretRequest): undefined {
    this.#readable(request);
    return undefined;
  }

  /** The secret a lease id was issued for, when it is ours. */
  leaseName(leaseId: unknown): string | undefined {
    return typeof leaseId === 'string' ? this.#leases.get(leaseId)?.name : undefined;
  }

  /**
   * Renews for min(ttl, time left until issue + maxTtl), counted from `now`. Unknown, revoked,
   * expired and non-renewable leases are LEASE_EXPIRED (Vault answers 400 for each).
   */
  renew(lease: Lease, now: number): Lease {
    const state = this.#leases.get(lease.id);
    if (state === undefined) throw memoryError('LEASE_EXPIRED', `lease "${lease.id}" not found`);
    const { id, name } = state;
    if (state.revoked) throw memoryError('LEASE_EXPIRED', `lease "${id}" was revoked`, name);
    const expiresAt = state.grantedAt + state.ttlMs;
    if (expiresAt <= now) {
      throw memoryError(
        'LEASE_EXPIRED',
        `lease "${id}" expired at ${new Date(expiresAt).toISOString()}`,
        name,
      );
    }
    if (!state.renewable) {
      throw memoryError('LEASE_EXPIRED', `cannot renew lease "${id}": lease is not renewable`, name);
    }
    // expiresAt never passes issue + maxTtl, so a live lease always has some max TTL left.
    const ttlMs = Math.min(state.ttl, state.issuedAt + state.maxTtl - now);
    state.grantedAt = now;
    state.ttlMs = ttlMs;
    return { id, ttlMs, renewable: state.renewable };
  }

  /** Marks the lease revoked; unknown or already revoked leases are a no-op, as in Vault. */
  revoke(lease: Lease): void {
    const state = this.#leases.get(lease.id);
    if (state !== undefined) state.revoked = true;
  }

  leases(): MemoryLease[] {
    return [...this.#leases.values()].map((state) => ({
      id: state.id,
      name: state.name,
      ttlMs: state.ttlMs,
      renewable: state.renewable,
      issuedAt: new Date(state.issuedAt),
      expiresAt: new Date(state.grantedAt + state.ttlMs),
      revoked: state.revoked,
    }));
  }

  /** The definition, if `request` may be read: NOT_FOUND for a pinned version or stage, DISABLED. */
  #readable(request: SecretRequest): Definition {
    const { name } = request;
    const definition = this.#definitions.get(name);
    if (definition === undefined) throw memoryError('NOT_FOUND', `secret "${name}" not found`, name);
    if (request.version !== undefined || request.stage !== undefined) {
      throw memoryError('NOT_FOUND', `dynamic secret "${name}" has no versions or stages`, name);
    }
    if (!definition.enabled) throw memoryError('DISABLED', `secret "${name}" is disabled`, name);
    return definition;
  }
}

function defaultCredential(name: string, serial: number): object {
  return { username: `${name.replaceAll('/', '-')}-${serial}`, password: randomBytes(16).toString('hex') };
}
