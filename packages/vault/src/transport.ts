// One Vault call through node-vault's `request`: the SDK imported on first use, raced against the
// caller's signal, a 2xx that is not a JSON object UNAVAILABLE, every failure mapped by the kit.
import type { SecretsError } from '@secretkit/core';
import { type AdapterKit, importSdk, lazyClient, sendAborting } from '@secretkit/core/adapter';
import type NodeVault from 'node-vault';
import { type AnswerProbe, probeAnswer, probingAgents, type VaultAgents } from './answer-probe.js';
import { describeVaultError, PROVIDER_NAME, rememberHeaders, responseOf } from './errors.js';

export type VaultMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface VaultCall {
  /** API path without `/v1`, no leading slash: `secret/data/app`. */
  path: string;
  method: VaultMethod;
  json?: Record<string, unknown>;
  /** The secret name for errors. */
  name?: string;
  /** The caller's signal; bookkeeping calls (login, renew-self) have none. */
  signal?: AbortSignal;
  /** The answer may be empty (204: revoke, writes). @default false: a 2xx must carry a JSON object */
  noContent?: boolean;
  /** A code from the error's status and body that the table cannot tell (KV v2: a deleted version). */
  refine?: (status: number, body: unknown) => SecretsError | undefined;
}

/** The node-vault answer body (loosely typed: node-vault answers `any`). */
export type VaultBody = Record<string, unknown> & {
  data?: unknown;
  lease_id?: unknown;
  lease_duration?: unknown;
  renewable?: unknown;
  auth?: unknown;
};

export interface TransportSettings {
  kit: AdapterKit;
  /** The endpoint for a client we build (an origin: no path, query or credentials). */
  address: string | undefined;
  token: string | undefined;
  namespace: string | undefined;
  /** The user's node-vault client: used as is (its endpoint, namespace, agents), never closed. */
  client: NodeVault.client | undefined;
}

interface BuiltClient {
  client: NodeVault.client;
  /** Our agents, passed on every call so Retry-After can be read (clients we build only). */
  agents?: VaultAgents;
}

const NEVER_ABORTED = new AbortController().signal;

export class VaultTransport {
  readonly #kit: AdapterKit;
  readonly #lazy;

  constructor(settings: TransportSettings) {
    this.#kit = settings.kit;
    const { address, token, namespace } = settings;
    this.#lazy = lazyClient<BuiltClient>({
      given: settings.client === undefined ? undefined : { client: settings.client },
      async build() {
        const sdk = await importSdk(() => import('node-vault'), 'node-vault', PROVIDER_NAME);
        const client = sdk.default({
          apiVersion: 'v1',
          ...(address === undefined ? {} : { endpoint: address }),
          ...(token === undefined ? {} : { token }),
          ...(namespace === undefined ? {} : { namespace }),
        });
        return { client, agents: probingAgents() };
      },
      dispose: ({ agents }) => {
        agents?.http.destroy();
        agents?.https.destroy();
      },
    });
  }

  /** The node-vault client (built on first use unless one was given). */
  async client(): Promise<NodeVault.client> {
    return (await this.#lazy.get()).client;
  }

  /** Sets the token every later request carries. */
  async setToken(token: string): Promise<void> {
    (await this.client()).token = token;
  }

  /** Releases the client and sockets we built (a user's client is left alone). */
  close(): Promise<void> {
    return this.#lazy.close();
  }

  /** One call; resolves with the answer's JSON object, rejects with the kit's SecretsError. */
  request(call: VaultCall): Promise<VaultBody> {
    const kit = this.#kit;
    const signal = call.signal ?? NEVER_ABORTED;
    const send = {
      kit,
      client: () => this.#lazy.get(),
      signal,
      ...(call.name === undefined ? {} : { name: call.name }),
    };
    return sendAborting(send, async ({ client, agents }) => {
      const probe: AnswerProbe = {};
      let body: unknown;
      try {
        body = await probeAnswer(probe, () =>
          client.request({
            path: `/${call.path}`,
            method: call.method,
            ...(call.json === undefined ? {} : { json: call.json }),
            ...(agents === undefined ? {} : { httpAgent: agents.http, httpsAgent: agents.https }),
          }),
        );
      } catch (error) {
        rememberHeaders(error, probe.headers);
        throw this.#refined(error, call) ?? error;
      }
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as VaultBody;
      if (call.noContent && (body === '' || body === undefined || body === null)) return {};
      // axios hands back a body it could not parse as JSON as text: HTML from a proxy, a cut answer
      throw kit.malformed(
        call.name,
        body === '' || body === undefined ? 'an empty body' : 'not a JSON object',
      );
    });
  }

  /** The adapter's own reading of a failure, where the table is not enough; undefined otherwise. */
  #refined(error: unknown, call: VaultCall): SecretsError | undefined {
    const response = responseOf(error);
    if (response === undefined) return undefined;
    const refined = call.refine?.(response.status, response.body);
    if (refined !== undefined) return refined;
    const facts = describeVaultError(error);
    if (facts.serviceCode !== 'kv-v2-path') return undefined;
    return this.#kit.error(
      'CONFIG',
      `Vault: "${call.name ?? call.path}" is on a KV v2 mount but was read as KV v1 (declare the mount as 2 in the \`kv\` option)`,
      {
        ...(call.name === undefined ? {} : { name: call.name }),
        statusCode: response.status,
        cause: this.#kit.cleanCause(facts),
      },
    );
  }
}
