// One SecretsClient per connection (DESIGN §9): per scheme and the params that choose an endpoint.
// Refs on one connection share its cache, coalescing and leases. Each client is built once, on the
// first ref that needs it; a failed build is forgotten, so the next ref tries again.
import {
  createSecretsClient,
  type SecretProvider,
  type SecretRef,
  type SecretRefScheme,
  type SecretsClient,
  type SecretsClientOptions,
  SecretsError,
} from '@secretkit/core';

/** The params that choose an endpoint, per scheme; other params never split a connection. */
export const ENDPOINT_PARAMS: Readonly<Record<SecretRefScheme, readonly string[]>> = {
  awssecrets: ['region'],
  azurekeyvault: ['vaultUrl'],
  gcpsecrets: ['project', 'location'],
  vault: ['namespace'],
  openbao: ['namespace'],
  doppler: ['project', 'config'],
  file: [],
  memory: [],
};

/** The connection `ref` belongs to, as a map key. */
export function connectionKey(ref: SecretRef): string {
  return JSON.stringify([
    ref.scheme,
    ...ENDPOINT_PARAMS[ref.scheme].map((param) => ref.params[param] ?? null),
  ]);
}

export class Connections {
  readonly #clients = new Map<string, Promise<SecretsClient>>();
  readonly #made: SecretsClient[] = [];
  readonly #clientOptions: Omit<SecretsClientOptions, 'provider'>;
  readonly #providerFor: (ref: SecretRef) => Promise<SecretProvider>;
  #closed = false;

  constructor(
    clientOptions: Omit<SecretsClientOptions, 'provider'>,
    providerFor: (ref: SecretRef) => Promise<SecretProvider>,
  ) {
    this.#clientOptions = clientOptions;
    this.#providerFor = providerFor;
  }

  /** The client of `ref`'s connection, built on first use. */
  client(ref: SecretRef): Promise<SecretsClient> {
    if (this.#closed) return Promise.reject(closedError());
    const key = connectionKey(ref);
    let pending = this.#clients.get(key);
    if (pending === undefined) {
      const building = this.#build(ref);
      pending = building;
      this.#clients.set(key, building);
      building.catch(() => {
        if (this.#clients.get(key) === building) this.#clients.delete(key);
      });
    }
    return pending;
  }

  async #build(ref: SecretRef): Promise<SecretsClient> {
    const provider = await this.#providerFor(ref);
    const client = createSecretsClient({ ...this.#clientOptions, provider });
    this.#made.push(client);
    if (this.#closed) {
      await client.close(); // closed while the adapter was loading: close what it made
      throw closedError();
    }
    return client;
  }

  /** Closes every client made (and so their providers); later calls are CLOSED. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled(this.#clients.values());
    await Promise.all(this.#made.map((client) => client.close()));
  }
}

export function closedError(): SecretsError {
  return new SecretsError('CLOSED', 'the secret resolver is closed');
}
