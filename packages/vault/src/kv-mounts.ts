// Which KV version a name's mount has: declared in the `kv` option, or detected once per mount with
// sys/internal/ui/mounts/<path>, as the Vault CLI does. Denied or absent → read the path as is.
import type { SecretsError } from '@secretkit/core';
import type { VaultTransport } from './transport.js';

/** How a name is read: KV v2 (`data/`, `metadata/` inserted after the mount) or as is. */
export type MountKind =
  | { kind: 'kv2'; mount: string; rest: string }
  | { kind: 'kv1'; mount: string }
  /** A non-KV engine (database, aws, ...): every read may issue a lease. */
  | { kind: 'engine'; mount: string; type: string }
  /** Detection was denied or absent: read as is. */
  | { kind: 'unknown'; mount: string };

interface Detected {
  /** The mount path without trailing slash, e.g. `secret` or `kv/team`. */
  mount: string;
  type: string;
  version: 1 | 2 | undefined;
}

export class KvMounts {
  readonly #declared: ReadonlyArray<{ mount: string; version: 1 | 2 }>;
  readonly #transport: VaultTransport;
  /** Detected mounts, and first segments whose detection was denied or absent. */
  readonly #detected: Detected[] = [];
  readonly #undetectable = new Set<string>();
  readonly #inFlight = new Map<string, Promise<Detected | undefined>>();

  constructor(declared: Record<string, 1 | 2> | undefined, transport: VaultTransport) {
    this.#declared = Object.entries(declared ?? {})
      .map(([mount, version]) => ({ mount: mount.replace(/\/+$/, ''), version }))
      .sort((a, b) => b.mount.length - a.mount.length);
    this.#transport = transport;
  }

  /** The mount kind of a validated name (segments joined by `/`). */
  async resolve(name: string, signal: AbortSignal): Promise<MountKind> {
    const declared = this.#declared.find((d) => isUnder(name, d.mount));
    if (declared) return kindOf(name, declared.mount, 'kv', declared.version);
    const known = this.#detected.find((d) => isUnder(name, d.mount));
    if (known) return kindOf(name, known.mount, known.type, known.version);
    const first = name.split('/')[0] ?? name;
    if (this.#undetectable.has(first)) return { kind: 'unknown', mount: first };
    let pending = this.#inFlight.get(first);
    if (pending === undefined) {
      pending = this.#detect(name, signal).finally(() => this.#inFlight.delete(first));
      this.#inFlight.set(first, pending);
    }
    const detected = await pending;
    if (detected === undefined) return { kind: 'unknown', mount: first };
    return kindOf(name, detected.mount, detected.type, detected.version);
  }

  async #detect(name: string, signal: AbortSignal): Promise<Detected | undefined> {
    const first = name.split('/')[0] ?? name;
    try {
      const body = await this.#transport.request({
        path: `sys/internal/ui/mounts/${name}`,
        method: 'GET',
        name,
        signal,
      });
      const data = (body.data ?? {}) as {
        path?: unknown;
        type?: unknown;
        options?: { version?: unknown } | null;
      };
      const mount = typeof data.path === 'string' ? data.path.replace(/\/+$/, '') : '';
      if (mount === '' || !isUnder(name, mount)) {
        this.#undetectable.add(first);
        return undefined;
      }
      const type = typeof data.type === 'string' ? data.type : 'unknown';
      const raw = data.options?.version;
      const version = type === 'kv' || type === 'generic' ? (String(raw) === '2' ? 2 : 1) : undefined;
      const detected: Detected = { mount, type, version };
      this.#detected.push(detected);
      this.#detected.sort((a, b) => b.mount.length - a.mount.length);
      return detected;
    } catch (error) {
      const code = (error as SecretsError).code;
      if (code === 'ACCESS_DENIED' || code === 'NOT_FOUND' || code === 'INVALID_REQUEST') {
        this.#undetectable.add(first); // denied or absent: read as is, and do not ask again
        return undefined;
      }
      throw error;
    }
  }
}

function isUnder(name: string, mount: string): boolean {
  return name === mount || name.startsWith(`${mount}/`);
}

function kindOf(name: string, mount: string, type: string, version: 1 | 2 | undefined): MountKind {
  if (version === 2) return { kind: 'kv2', mount, rest: name.slice(mount.length + 1) };
  if (version === 1) return { kind: 'kv1', mount };
  return { kind: 'engine', mount, type };
}
