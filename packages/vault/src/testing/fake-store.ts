// The fake Vault's store: mounts, KV v1/v2 secrets by namespace, dynamic roles and leases, tokens
// whose expiry revokes their leases; time is Date.now(), so fake timers drive expiry.
import { randomUUID } from 'node:crypto';

export type FakeMount = { type: 'kv'; version: 1 | 2 } | { type: 'database' };

export interface FakeKvVersion {
  data: Record<string, unknown> | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

export interface FakeKv2Secret {
  versions: Map<number, FakeKvVersion>;
  current: number;
}

/** A dynamic role: every read of `<mount>/creds/<role>` issues a credential under a lease. */
export interface FakeDynamicRole {
  /** Lease TTL in seconds. @default 3600 */
  ttl?: number;
  /** Max lifetime of a lease in seconds. @default 86400 */
  maxTtl?: number;
  /** @default true */
  renewable?: boolean;
}

export interface FakeLease {
  id: string;
  path: string;
  token: string;
  expiresAt: number;
  maxExpiresAt: number;
  renewable: boolean;
  revoked: boolean;
}

/** A token's settings. TTLs in seconds; 0 = no expiry (root). */
export interface FakeTokenSpec {
  ttl?: number;
  maxTtl?: number;
  renewable?: boolean;
  type?: 'service' | 'batch';
  policies?: string[];
}

export interface FakeToken {
  id: string;
  ttl: number;
  expiresAt: number; // 0: never
  maxExpiresAt: number; // 0: never
  renewable: boolean;
  type: 'service' | 'batch';
  policies: string[];
  revoked: boolean;
}

/** The store key of a KV path in a namespace. */
export function storeKey(namespace: string | undefined, path: string): string {
  return namespace ? `${namespace}/${path}` : path;
}

export class FakeVaultStore {
  readonly mounts = new Map<string, FakeMount>();
  readonly kv1 = new Map<string, Record<string, unknown>>();
  readonly kv2 = new Map<string, FakeKv2Secret>();
  readonly roles = new Map<string, Required<FakeDynamicRole>>();
  readonly leases = new Map<string, FakeLease>();
  readonly tokens = new Map<string, FakeToken>();
  issued = 0;

  /** Replaces the mounts. */
  installMounts(mounts: Record<string, FakeMount>): void {
    this.mounts.clear();
    for (const [mount, config] of Object.entries(mounts)) this.mounts.set(mount, config);
  }

  /** The KV v2 secret at a store key (created empty when `create`). */
  kv2Secret(key: string, create: boolean): FakeKv2Secret | undefined {
    let secret = this.kv2.get(key);
    if (secret === undefined && create) {
      secret = { versions: new Map(), current: 0 };
      this.kv2.set(key, secret);
    }
    return secret;
  }

  /** Writes a new KV v2 version; returns its number. */
  kv2Write(key: string, data: Record<string, unknown>): number {
    const secret = this.kv2Secret(key, true) as FakeKv2Secret;
    secret.current += 1;
    secret.versions.set(secret.current, {
      data: { ...data },
      createdTime: new Date().toISOString(),
      deletionTime: '',
      destroyed: false,
    });
    return secret.current;
  }

  /** A version's metadata as KV v2 answers it. */
  versionMetadata(secret: FakeKv2Secret, version: number) {
    const entry = secret.versions.get(version) as FakeKvVersion;
    return {
      created_time: entry.createdTime,
      custom_metadata: null,
      deletion_time: entry.deletionTime,
      destroyed: entry.destroyed,
      version,
    };
  }

  /** The mount a path is under (longest match) and the rest of the path. */
  mountOf(path: string): { mount: string; config: FakeMount; rest: string } | undefined {
    let best: string | undefined;
    for (const mount of this.mounts.keys()) {
      if (
        (path === mount || path.startsWith(`${mount}/`)) &&
        (best === undefined || mount.length > best.length)
      )
        best = mount;
    }
    if (best === undefined) return undefined;
    return { mount: best, config: this.mounts.get(best)!, rest: path.slice(best.length + 1) };
  }

  createToken(spec: FakeTokenSpec = {}, id: string = `hvs.${randomUUID()}`): FakeToken {
    const now = Date.now();
    const ttl = spec.ttl ?? 0;
    const maxTtl = spec.maxTtl ?? 0;
    const token: FakeToken = {
      id,
      ttl,
      expiresAt: ttl > 0 ? now + ttl * 1000 : 0,
      maxExpiresAt: maxTtl > 0 ? now + maxTtl * 1000 : 0,
      renewable: spec.renewable ?? ttl > 0,
      type: spec.type ?? 'service',
      policies: spec.policies ?? (ttl === 0 ? ['root'] : ['default']),
      revoked: false,
    };
    if (token.maxExpiresAt > 0 && (token.expiresAt === 0 || token.expiresAt > token.maxExpiresAt))
      token.expiresAt = token.maxExpiresAt;
    this.tokens.set(id, token);
    return token;
  }

  /** The live token for an id, or undefined when unknown, revoked or expired (its leases die with it). */
  liveToken(id: string | null): FakeToken | undefined {
    if (id === null) return undefined;
    const token = this.tokens.get(id);
    if (token === undefined || token.revoked) return undefined;
    if (token.expiresAt > 0 && Date.now() >= token.expiresAt) {
      this.revokeToken(token);
      return undefined;
    }
    return token;
  }

  revokeToken(token: FakeToken): void {
    token.revoked = true;
    for (const lease of this.leases.values()) if (lease.token === token.id) lease.revoked = true;
  }

  secondsLeft(token: FakeToken): number {
    return token.expiresAt === 0 ? 0 : Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000));
  }

  /** A live lease, or undefined (unknown, revoked, expired, or its token is gone). */
  liveLease(id: unknown): FakeLease | undefined {
    if (typeof id !== 'string') return undefined;
    const lease = this.leases.get(id);
    if (lease === undefined || lease.revoked || Date.now() >= lease.expiresAt) return undefined;
    if (this.liveToken(lease.token) === undefined) return undefined;
    return lease;
  }

  issueLease(path: string, role: Required<FakeDynamicRole>, token: string): FakeLease {
    const now = Date.now();
    this.issued += 1;
    const lease: FakeLease = {
      id: `${path}/${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      path,
      token,
      expiresAt: now + role.ttl * 1000,
      maxExpiresAt: now + role.maxTtl * 1000,
      renewable: role.renewable,
      revoked: false,
    };
    this.leases.set(lease.id, lease);
    return lease;
  }

  clear(): void {
    this.kv1.clear();
    this.kv2.clear();
    this.leases.clear();
    this.tokens.clear();
    this.issued = 0;
  }
}
