// The Doppler fake's data and its rules: configs with their secrets and a revision, the tokens that
// may read them, the download's meta keys, and the ETag of a config's current state.
import { createHash, randomBytes } from 'node:crypto';

/** Which config: a project's slug and a config's name. */
export interface ConfigRef {
  project: string;
  config: string;
}

export interface FakeConfig extends ConfigRef {
  /** The environment the config belongs to (`dev` for `dev` and `dev_alice`). */
  environment: string;
  readonly secrets: Map<string, string>;
  /** The fake's change count at this config's last change; the ETag follows it (never reused, also across reset). */
  revision: number;
}

/** What a token may read: one config (a service token) or every config (a personal token). */
export type TokenScope = { kind: 'service'; ref: ConfigRef } | { kind: 'personal' };

/** Names the fake accepts for a secret (as the adapter); `DOPPLER_` is Doppler's own (the meta keys). */
const SECRET_NAME = /^[A-Za-z0-9_]+$/;

const keyOf = (ref: ConfigRef) => `${ref.project}\u0000${ref.config}`;

export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(30).toString('base64url')}`;
}

export function createDopplerStore() {
  const configs = new Map<string, FakeConfig>();
  const tokens = new Map<string, TokenScope>();
  const salt = randomBytes(8).toString('hex'); // two fakes never share an ETag
  let changes = 0;

  const store = {
    configs,
    tokens,
    addConfig(ref: ConfigRef & { environment?: string | undefined }): FakeConfig {
      const config: FakeConfig = {
        project: ref.project,
        config: ref.config,
        environment: ref.environment ?? ref.config.split('_')[0]!,
        secrets: new Map(),
        revision: ++changes,
      };
      configs.set(keyOf(ref), config);
      return config;
    },
    find(ref: ConfigRef): FakeConfig | undefined {
      return configs.get(keyOf(ref));
    },
    /** The config `ref` names; a TypeError when the fake has none such. */
    get(ref: ConfigRef): FakeConfig {
      const config = store.find(ref);
      if (!config)
        throw new TypeError(`doppler fake: no config ${ref.project}/${ref.config}; addConfig() it first`);
      return config;
    },
    addToken(token: string, scope: TokenScope): string {
      tokens.set(token, scope);
      return token;
    },
    put(config: FakeConfig, name: string, value: unknown): string {
      if (!SECRET_NAME.test(name) || name.startsWith('DOPPLER_')) {
        throw new TypeError(`doppler fake: "${name}" is not a name Doppler accepts for a secret`);
      }
      if (typeof value !== 'string') throw new TypeError('doppler fake: Doppler values are strings');
      config.secrets.set(name, value);
      config.revision = ++changes;
      return store.etag(config);
    },
    remove(config: FakeConfig, name: string): boolean {
      const removed = config.secrets.delete(name);
      if (removed) config.revision = ++changes;
      return removed;
    },
    /** The ETag of the config's current state: the same for every filter, new after every change. */
    etag(config: FakeConfig): string {
      const digest = createHash('sha256')
        .update(`${salt}:${keyOf(config)}:${config.revision}`)
        .digest('hex');
      return `"${digest.slice(0, 32)}"`;
    },
    /** The download body: the asked secrets that exist (all without a filter), then the meta keys. */
    download(config: FakeConfig, names: readonly string[] | undefined): Record<string, string> {
      const body: Record<string, string> = {};
      for (const [name, value] of config.secrets) {
        if (names === undefined || names.includes(name)) body[name] = value;
      }
      body.DOPPLER_CONFIG = config.config;
      body.DOPPLER_ENVIRONMENT = config.environment;
      body.DOPPLER_PROJECT = config.project;
      return body;
    },
    /** Forgets every config and token. */
    clear() {
      configs.clear();
      tokens.clear();
    },
  };
  return store;
}

export type DopplerStore = ReturnType<typeof createDopplerStore>;
