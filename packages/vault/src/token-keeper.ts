// Keeps the adapter's Vault token alive (issue 5 §4): logs in with AppRole, Kubernetes or JWT,
// renews with renew-self on core's lease schedule (LifetimeWatcher rules), re-logs in when the
// token can no longer be renewed, reaches its max TTL or is refused (403 for the token), with a
// 1 s ×2 … 5 min jittered backoff. A re-login calls `onRelogin` so core re-reads leased secrets.
import { readFile } from 'node:fs/promises';
import {
  afterRenewal,
  afterRenewalError,
  isSecretsError,
  type LeaseClock,
  nextStep,
  type SecretsError,
  startLease,
} from '@secretkit/core';
import type { AdapterKit, CleanCause } from '@secretkit/core/adapter';
import { DEFAULT_JWT_PATH, type VaultAuth } from './options.js';
import { isRenewableToken, MAX_TIMER_MS, reloginBackoff, type TokenFacts } from './token-schedule.js';
import type { VaultBody, VaultTransport } from './transport.js';

export interface TokenKeeperSettings {
  kit: AdapterKit;
  transport: VaultTransport;
  auth: Exclude<VaultAuth, { method: 'token' }> | undefined;
  /** The static token (option or VAULT_TOKEN) when there is no login method. */
  staticToken: string | undefined;
  onRelogin: () => void;
  random?: () => number;
}

export class TokenKeeper {
  readonly #settings: TokenKeeperSettings;
  readonly #random: () => number;
  #token: string | undefined;
  #jwt: string | undefined;
  #started: Promise<void> | undefined;
  #login: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #clock: LeaseClock | undefined;
  #logins = 0;
  #failures = 0;
  /** No request-triggered re-login before this time (ms epoch): never a hot loop. */
  #reloginNotBefore = 0;
  #closed = false;

  constructor(settings: TokenKeeperSettings) {
    this.#settings = settings;
    this.#random = settings.random ?? Math.random;
    this.#token = settings.auth === undefined ? settings.staticToken : undefined;
  }

  /** Values never to print: the token, the secret id, the JWT. */
  secrets(): string[] {
    const auth = this.#settings.auth;
    return [
      this.#token,
      this.#settings.staticToken,
      this.#jwt,
      auth?.method === 'approle' ? auth.secretId : undefined,
      auth?.method === 'jwt' ? auth.jwt : undefined,
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
  }

  /** Resolves once a first login (or the static token's lookup-self) is done. Rejects on login failure. */
  ready(): Promise<void> {
    if (this.#started === undefined) {
      const started = this.#settings.auth === undefined ? this.#lookupStatic() : this.#relogin();
      this.#started = started.catch((error: unknown) => {
        this.#started = undefined; // the next request tries again
        throw error;
      });
    }
    return this.#started;
  }

  /** After a request was refused for its token: re-login (coalesced) when allowed; true when the caller may retry once. */
  async recover(): Promise<boolean> {
    if (this.#settings.auth === undefined || this.#closed) return false;
    if (this.#login === undefined && Date.now() < this.#reloginNotBefore) return false;
    try {
      await this.#relogin();
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.#closed = true;
    this.#clearTimer();
  }

  async #lookupStatic(): Promise<void> {
    if (this.#token === undefined) return;
    try {
      const body = await this.#settings.transport.request({ path: 'auth/token/lookup-self', method: 'GET' });
      const data = (body.data ?? {}) as Record<string, unknown>;
      this.#schedule({
        ttlSeconds: numberOf(data.ttl),
        renewable: data.renewable === true,
        type: typeof data.type === 'string' ? data.type : 'service',
        policies: Array.isArray(data.policies)
          ? data.policies.filter((p): p is string => typeof p === 'string')
          : [],
      });
    } catch {
      // lookup-self denied or failing: the token is used as is, without renewal
    }
  }

  /** One login at a time; later callers share it. */
  #relogin(): Promise<void> {
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #doLogin(): Promise<void> {
    const auth = this.#settings.auth;
    if (auth === undefined) return;
    this.#clearTimer();
    try {
      const { path, json } = await this.#loginRequest(auth);
      const body = await this.#settings.transport.request({ path, method: 'POST', json });
      const facts = authFacts(body);
      const token = (body.auth as { client_token?: unknown } | undefined)?.client_token;
      if (typeof token !== 'string' || token === '') {
        throw this.#settings.kit.malformed(undefined, 'a login answer without client_token');
      }
      this.#token = token;
      await this.#settings.transport.setToken(token);
      this.#failures = 0;
      this.#logins += 1;
      this.#reloginNotBefore = Date.now() + 1_000;
      this.#schedule(facts);
      if (this.#logins > 1) this.#settings.onRelogin();
    } catch (raw) {
      const error = loginError(this.#settings.kit, raw, auth.method);
      this.#failures += 1;
      const wait = reloginBackoff(this.#failures, this.#random);
      this.#reloginNotBefore = Date.now() + wait;
      if (this.#logins > 0) this.#arm(wait, () => void this.#relogin().catch(() => {}));
      throw error;
    }
  }

  async #loginRequest(auth: NonNullable<TokenKeeperSettings['auth']>) {
    switch (auth.method) {
      case 'approle':
        return {
          path: `auth/${auth.mount ?? 'approle'}/login`,
          json: { role_id: auth.roleId, secret_id: auth.secretId },
        };
      case 'kubernetes': {
        const jwt = (await readFile(auth.jwtPath ?? DEFAULT_JWT_PATH, 'utf8')).trim();
        this.#jwt = jwt;
        return { path: `auth/${auth.mount ?? 'kubernetes'}/login`, json: { role: auth.role, jwt } };
      }
      case 'jwt':
        return { path: `auth/${auth.mount ?? 'jwt'}/login`, json: { role: auth.role, jwt: auth.jwt } };
    }
  }

  /** Renews on core's schedule when the token can be renewed; else re-logs in at 85–95% of its TTL (login methods only). */
  #schedule(facts: TokenFacts): void {
    this.#clearTimer();
    if (facts.ttlSeconds <= 0) {
      this.#clock = undefined;
      return; // root-like: never expires
    }
    const clock = startLease(
      { id: 'token', ttlMs: facts.ttlSeconds * 1000, renewable: isRenewableToken(facts) },
      Date.now(),
      this.#random,
    );
    this.#clock = clock;
    this.#follow(clock);
  }

  #follow(clock: LeaseClock): void {
    const step = nextStep(clock);
    if (step.kind === 'renew') this.#arm(step.at - Date.now(), () => void this.#renew());
    else if (this.#settings.auth !== undefined)
      this.#arm(step.at - Date.now(), () => void this.#relogin().catch(() => {}));
  }

  async #renew(): Promise<void> {
    const clock = this.#clock;
    if (clock === undefined || this.#closed) return;
    try {
      const body = await this.#settings.transport.request({
        path: 'auth/token/renew-self',
        method: 'POST',
        json: {},
      });
      const facts = authFacts(body);
      const next = afterRenewal(
        clock,
        { ttlMs: facts.ttlSeconds * 1000, renewable: facts.renewable },
        Date.now(),
        this.#random,
      );
      this.#clock = next;
      this.#follow(next);
    } catch (error) {
      const failure = error as SecretsError;
      if (failure.code === 'UNAUTHENTICATED') {
        if (this.#settings.auth !== undefined) void this.#relogin().catch(() => {});
        return; // a static token that Vault no longer accepts cannot be saved
      }
      const { clock: next, step } = afterRenewalError(
        clock,
        failure.code,
        failure.statusCode,
        Date.now(),
        this.#random,
      );
      this.#clock = next;
      if (step.kind === 'renew') this.#arm(step.at - Date.now(), () => void this.#renew());
      else if (this.#settings.auth !== undefined)
        this.#arm(step.at - Date.now(), () => void this.#relogin().catch(() => {}));
    }
  }

  #arm(delayMs: number, run: () => void): void {
    if (this.#closed) return;
    this.#clearTimer();
    const timer = setTimeout(run, Math.min(Math.max(delayMs, 0), MAX_TIMER_MS));
    timer.unref?.();
    this.#timer = timer;
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** A refused login (400 bad role/secret, 403) is UNAUTHENTICATED; a JWT file that cannot be read is CONFIG. */
function loginError(kit: AdapterKit, error: unknown, method: string): SecretsError {
  if (isSecretsError(error)) {
    if (error.code !== 'INVALID_REQUEST' && error.code !== 'ACCESS_DENIED') return error;
    return kit.error('UNAUTHENTICATED', `${kit.label}: the ${method} login was refused`, {
      ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
      ...(error.cause === undefined ? {} : { cause: error.cause as CleanCause }),
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  return kit.configError(
    `the ${method} login could not start (${typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : 'no token'})`,
  );
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Token facts from a login or renew-self answer (`auth.lease_duration`, not the top level). */
function authFacts(body: VaultBody): TokenFacts {
  const auth = (body.auth ?? {}) as Record<string, unknown>;
  const policies = [auth.policies, auth.token_policies].flatMap((p) => (Array.isArray(p) ? p : []));
  return {
    ttlSeconds: numberOf(auth.lease_duration),
    renewable: auth.renewable === true,
    type: typeof auth.token_type === 'string' ? auth.token_type : 'service',
    policies: policies.filter((p): p is string => typeof p === 'string'),
  };
}
