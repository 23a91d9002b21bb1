// One Vault HTTP call through node-vault's generic `request`: node-vault imported on first use,
// the caller's AbortSignal honoured (raceAbort: node-vault takes no signal), every failure mapped.
import { raceAbort, SecretsError } from '@secretkit/core';
import type NodeVault from 'node-vault';
import { PROVIDER_NAME, toSecretsError } from './error-mapping.js';

export type VaultMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface VaultCall {
  /** API path without `/v1`, no leading slash: `secret/data/app`. */
  path: string;
  method: VaultMethod;
  json?: Record<string, unknown>;
  /** The secret name for errors. */
  name?: string;
  signal?: AbortSignal;
  /** A code from the error's status and body that the status table cannot tell (e.g. KV v2 destroyed). */
  refine?: (status: number, body: VaultBody) => SecretsError | undefined;
}

/** The node-vault response body (loosely typed: node-vault answers `any`). */
export type VaultBody = Record<string, unknown> & {
  data?: unknown;
  lease_id?: unknown;
  lease_duration?: unknown;
  renewable?: unknown;
  auth?: unknown;
};

export interface TransportSettings {
  address: string | undefined;
  token: string | undefined;
  namespace: string | undefined;
  client: NodeVault.client | undefined;
  /** Values that must never reach an error text (token, secret id, JWT); read live. */
  secrets: () => readonly string[];
}

export class VaultTransport {
  readonly #settings: TransportSettings;
  #client: Promise<NodeVault.client> | undefined;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /** The node-vault client (built on first use unless one was given). */
  client(): Promise<NodeVault.client> {
    this.#client ??= this.#build();
    return this.#client;
  }

  async #build(): Promise<NodeVault.client> {
    const { client, address, token, namespace } = this.#settings;
    if (client !== undefined) return client;
    let factory: typeof NodeVault;
    try {
      factory = (await import('node-vault')).default;
    } catch (error) {
      this.#client = undefined;
      throw new SecretsError('CONFIG', 'node-vault could not be loaded (is it installed?)', {
        provider: PROVIDER_NAME,
        cause: error instanceof Error ? new Error(error.message) : undefined,
      });
    }
    return factory({
      apiVersion: 'v1',
      ...(address === undefined ? {} : { endpoint: address }),
      ...(token === undefined ? {} : { token }),
      ...(namespace === undefined ? {} : { namespace }),
    });
  }

  /** Sets the token every later request carries. */
  async setToken(token: string): Promise<void> {
    (await this.client()).token = token;
  }

  async request(call: VaultCall): Promise<VaultBody> {
    const { signal, name } = call;
    try {
      if (signal?.aborted) throw signal.reason;
      const client = await this.client();
      if (signal?.aborted) throw signal.reason;
      const sent = client.request({
        path: `/${call.path}`,
        method: call.method,
        ...(call.json === undefined ? {} : { json: call.json }),
      }) as Promise<unknown>;
      const body = await raceAbort(sent, signal, name);
      return (typeof body === 'object' && body !== null ? body : {}) as VaultBody;
    } catch (error) {
      if (signal?.aborted && !(error instanceof SecretsError && error.code === 'ABORTED')) {
        throw new SecretsError('ABORTED', 'the Vault call was aborted', {
          provider: PROVIDER_NAME,
          ...(name === undefined ? {} : { secretName: name }),
        });
      }
      const response = (error as { response?: { statusCode?: unknown; body?: unknown } } | null)?.response;
      if (call.refine !== undefined && typeof response?.statusCode === 'number') {
        const body = (
          typeof response.body === 'object' && response.body !== null ? response.body : {}
        ) as VaultBody;
        const refined = call.refine(response.statusCode, body);
        if (refined !== undefined) throw refined;
      }
      throw toSecretsError(error, name, this.#settings.secrets());
    }
  }
}
