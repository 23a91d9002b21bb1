// createKeyVaultFake: an msw fake of the Key Vault secrets data plane as the service speaks it
// (reference/azure-gcp.md §1.1): the 401 challenge then bearer tokens, `GET /secrets/{name}/` with
// the trailing slash, the `api-version` query, Unix-second times, soft delete, paging by nextLink.
// Ends with a catch-all so no request leaves the process (DESIGN §7).
import { randomUUID } from 'node:crypto';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import {
  currentVersion,
  type FakeSecret,
  FakeSecretStore,
  type FakeVersion,
  RECOVERABLE_DAYS,
  unixSeconds,
} from './fake-store.js';

export type KeyVaultOperation =
  | 'getSecret'
  | 'setSecret'
  | 'deleteSecret'
  | 'getDeletedSecret'
  | 'purgeDeletedSecret'
  | 'recoverDeletedSecret'
  | 'listSecrets'
  | 'listSecretVersions';

export interface KeyVaultFakeOptions {
  /** The vault the fake answers (a hostname, never an IP literal: msw matches by host). @default 'https://myvault.vault.azure.net' */
  vaultUrl?: string;
  /** Largest page the list endpoints return, whatever `maxresults` asks. @default 25 */
  listPageSize?: number;
  /** Tenant named in the challenge's `authorization` URL. @default '00000000-0000-0000-0000-000000000000' */
  tenantId?: string;
}

/** One authenticated request the fake answered (the 401 challenges are counted apart). */
export interface KeyVaultFakeCall {
  operation: KeyVaultOperation | 'unknown';
  method: string;
  path: string;
  name?: string;
  version?: string;
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
  /** The error code answered, and its inner code. */
  code?: string;
  innerCode?: string;
}

export interface KeyVaultFakeCalls {
  /** Every authenticated request in arrival order. */
  readonly log: ReadonlyArray<KeyVaultFakeCall>;
  /** Authenticated requests of one operation (or all of them). */
  count(operation?: KeyVaultOperation): number;
  /** 401 challenges answered to requests without an Authorization header. */
  readonly challenges: number;
}

export interface FailNextOptions {
  /** The inner error code (`innererror.code`), e.g. ForbiddenByRbac, SecretDisabled. */
  innerCode?: string;
  /** How many matching requests fail. @default 1 */
  times?: number;
  /** Sent as a `Retry-After` header (seconds). @default none */
  retryAfterSeconds?: number;
  /** Only these operations fail. @default every operation */
  operations?: KeyVaultOperation[];
  /** The error message. @default one like the service's */
  message?: string;
}

export interface PutOptions {
  /** @default true */
  enabled?: boolean;
  notBefore?: Date;
  expiresOn?: Date;
  contentType?: string;
  tags?: Record<string, string>;
}

export interface KeyVaultFake {
  /** The msw handlers, the catch-all last: use them with your own `setupServer` (and `onUnhandledFrame: 'error'`). */
  readonly handlers: HttpHandler[];
  readonly server: SetupServer | undefined;
  /** The vault's origin, e.g. `https://myvault.vault.azure.net`. */
  readonly vaultUrl: string;
  /** Starts an msw server with the handlers and `onUnhandledFrame: 'error'`. */
  listen(): SetupServer;
  close(): void;
  /** Forgets every secret, fault, call and unhandled request. */
  reset(): void;
  /** Writes a new current version natively (undoing a soft delete); returns its 32-hex version id. */
  put(name: string, value: string, options?: PutOptions): string;
  /** Enables or disables one version (the current one by default). */
  setEnabled(name: string, enabled: boolean, version?: string): void;
  /** Soft-deletes natively, as `DELETE /secrets/{name}` does. */
  softDelete(name: string): void;
  /** Undoes a soft delete natively. */
  recover(name: string): void;
  /** Removes a secret at once (deleted and purged); false when there was none. */
  remove(name: string): boolean;
  /** The version ids of a secret, oldest first. */
  versionsOf(name: string): string[];
  /** Whether the secret is soft-deleted. */
  isDeleted(name: string): boolean;
  /**
   * The next matching authenticated request(s) answer `status` with error `code` (and
   * `innerCode`). Status 0 drops the connection (a failure without a response).
   */
  failNext(status: number, code: string, options?: FailNextOptions): void;
  readonly calls: KeyVaultFakeCalls;
  /** Requests no handler matched (they were answered with a network error). */
  readonly unhandledRequests: ReadonlyArray<{ method: string; url: string }>;
}

const DEFAULT_MESSAGE: Readonly<Record<string, string>> = {
  SecretNotFound: 'A secret with (name/id) was not found in this key vault.',
  SecretDisabled: 'Operation get is not allowed on a disabled secret.',
  ForbiddenByRbac:
    "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",
  AccessDenied: 'The user, group or application does not have secrets get permission on key vault.',
  ForbiddenByFirewall: 'Client address is not authorized and caller is not a trusted service.',
  Throttled:
    'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
  Unauthorized: 'AKV10032: Invalid issuer.',
  ObjectIsDeletedButRecoverable:
    'Secret is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.',
  ObjectIsBeingDeleted: 'Secret is currently being deleted.',
  BadParameter: 'The request URI contains an invalid parameter.',
};

interface PendingFault {
  status: number;
  code: string;
  message: string;
  innerCode?: string;
  retryAfterSeconds?: number;
  operations?: KeyVaultOperation[];
  remaining: number;
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
  ) {
    super(message);
  }
}

const notFound = (name: string, what = 'A secret') =>
  new FakeError(404, 'SecretNotFound', `${what} with (name/id) ${name} was not found in this key vault.`);

export function createKeyVaultFake(options: KeyVaultFakeOptions = {}): KeyVaultFake {
  const vaultUrl = new URL(options.vaultUrl ?? 'https://myvault.vault.azure.net').origin;
  const listPageSize = options.listPageSize ?? 25;
  const tenantId = options.tenantId ?? '00000000-0000-0000-0000-000000000000';
  const store = new FakeSecretStore();
  let faults: PendingFault[] = [];
  const log: KeyVaultFakeCall[] = [];
  const unhandled: Array<{ method: string; url: string }> = [];
  let challenges = 0;
  let server: SetupServer | undefined;

  function headers(extra: Record<string, string> = {}) {
    return { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...extra };
  }

  function errorResponse(call: KeyVaultFakeCall, error: FakeError, retryAfterSeconds?: number) {
    log.push({
      ...call,
      status: error.status,
      code: error.code,
      ...(error.innerCode ? { innerCode: error.innerCode } : {}),
    });
    return HttpResponse.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.innerCode ? { innererror: { code: error.innerCode } } : {}),
        },
      },
      {
        status: error.status,
        headers: headers(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
      },
    );
  }

  function takeFault(operation: KeyVaultOperation): PendingFault | undefined {
    const index = faults.findIndex((fault) => !fault.operations || fault.operations.includes(operation));
    if (index === -1) return undefined;
    const fault = faults[index]!;
    fault.remaining--;
    if (fault.remaining === 0) faults.splice(index, 1);
    return fault;
  }

  function bundle(secret: FakeSecret, version: FakeVersion, withValue = true) {
    return {
      ...(withValue ? { value: version.value } : {}),
      id: `${vaultUrl}/secrets/${secret.name}/${version.id}`,
      ...(version.contentType === undefined ? {} : { contentType: version.contentType }),
      ...(version.tags === undefined ? {} : { tags: version.tags }),
      attributes: {
        ...version.attributes,
        recoveryLevel: 'Recoverable+Purgeable',
        recoverableDays: RECOVERABLE_DAYS,
      },
    };
  }

  function liveSecret(name: string): FakeSecret {
    const secret = store.find(name);
    if (!secret || secret.deletedDate !== undefined) throw notFound(name);
    return secret;
  }

  function page<T>(items: T[], url: URL, path: string) {
    const start = Number(url.searchParams.get('$skiptoken') ?? '0');
    const asked = Number(url.searchParams.get('maxresults') ?? listPageSize);
    const size = Math.max(1, Math.min(asked, listPageSize));
    const next = start + size < items.length;
    const nextUrl = new URL(`${vaultUrl}${path}`);
    nextUrl.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
    nextUrl.searchParams.set('$skiptoken', String(start + size));
    nextUrl.searchParams.set('maxresults', String(size));
    return {
      value: items.slice(start, start + size),
      nextLink: next ? nextUrl.href.replace(vaultUrl, `${vaultUrl}:443`) : null,
    };
  }

  /** Routes one authenticated request; returns the operation, the call record and the answer. */
  async function route(
    request: Request,
    url: URL,
    call: KeyVaultFakeCall,
  ): Promise<{ status?: number; body?: unknown }> {
    const segments = url.pathname.split('/').slice(1);
    const [collection, name = '', rest, extra] = segments;
    const method = request.method;
    const now = unixSeconds();
    if (collection === 'secrets' && name === '' && method === 'GET') {
      call.operation = 'listSecrets';
      const items = store
        .all()
        .filter((secret) => secret.deletedDate === undefined && currentVersion(secret) !== undefined)
        .map((secret) => {
          const { value: _value, ...item } = bundle(secret, currentVersion(secret)!, false) as {
            value?: string;
            id: string;
          };
          return { ...item, id: `${vaultUrl}/secrets/${secret.name}` };
        });
      return { body: page(items, url, '/secrets') };
    }
    if (collection === 'secrets' && rest === 'versions' && extra === undefined && method === 'GET') {
      call.operation = 'listSecretVersions';
      call.name = name;
      const secret = store.find(name);
      const items =
        secret && secret.deletedDate === undefined
          ? secret.versions.map((version) => bundle(secret, version, false))
          : [];
      return { body: page(items, url, `/secrets/${name}/versions`) };
    }
    if (collection === 'secrets' && method === 'GET' && extra === undefined) {
      call.operation = 'getSecret';
      call.name = name;
      const secret = liveSecret(name);
      const version =
        rest === undefined || rest === ''
          ? currentVersion(secret)
          : secret.versions.find((v) => v.id === rest);
      if (rest) call.version = rest;
      if (!version)
        throw new FakeError(
          404,
          'SecretNotFound',
          `A secret with (name/id) ${name}/${rest} was not found in this key vault.`,
        );
      if (!version.attributes.enabled)
        throw new FakeError(403, 'Forbidden', DEFAULT_MESSAGE.SecretDisabled!, 'SecretDisabled');
      return { body: bundle(secret, version) };
    }
    if (collection === 'secrets' && method === 'PUT' && rest === undefined) {
      call.operation = 'setSecret';
      call.name = name;
      const body = (await request.json().catch(() => ({}))) as {
        value?: unknown;
        contentType?: string;
        tags?: Record<string, string>;
        attributes?: { enabled?: boolean; nbf?: number; exp?: number };
      };
      if (typeof body.value !== 'string')
        throw new FakeError(400, 'BadParameter', 'The parameter value is required.');
      const existing = store.find(name);
      if (existing?.deletedDate !== undefined) {
        throw new FakeError(
          409,
          'Conflict',
          DEFAULT_MESSAGE.ObjectIsDeletedButRecoverable!,
          'ObjectIsDeletedButRecoverable',
        );
      }
      const attributes = body.attributes ?? {};
      const version = store.addVersion(name, {
        value: body.value,
        attributes: {
          enabled: attributes.enabled ?? true,
          ...(attributes.nbf === undefined ? {} : { nbf: attributes.nbf }),
          ...(attributes.exp === undefined ? {} : { exp: attributes.exp }),
          created: now,
          updated: now,
        },
        ...(body.contentType === undefined ? {} : { contentType: body.contentType }),
        ...(body.tags === undefined ? {} : { tags: body.tags }),
      });
      call.version = version.id;
      return { body: bundle(store.find(name)!, version) };
    }
    if (collection === 'secrets' && method === 'DELETE' && rest === undefined) {
      call.operation = 'deleteSecret';
      call.name = name;
      const secret = liveSecret(name);
      secret.deletedDate = now;
      return { body: deletedBundle(secret) };
    }
    if (collection === 'deletedsecrets' && rest === undefined && (method === 'GET' || method === 'DELETE')) {
      call.operation = method === 'GET' ? 'getDeletedSecret' : 'purgeDeletedSecret';
      call.name = name;
      const secret = store.find(name);
      if (!secret || secret.deletedDate === undefined) throw notFound(name, 'Deleted Secret');
      if (method === 'GET') return { body: deletedBundle(secret) };
      store.purge(name);
      return { status: 204 };
    }
    if (collection === 'deletedsecrets' && rest === 'recover' && method === 'POST') {
      call.operation = 'recoverDeletedSecret';
      call.name = name;
      const secret = store.find(name);
      if (!secret || secret.deletedDate === undefined) throw notFound(name, 'Deleted Secret');
      delete secret.deletedDate;
      return { body: bundle(secret, currentVersion(secret)!, false) };
    }
    throw new FakeError(400, 'BadParameter', `The fake does not answer ${method} ${url.pathname}`);
  }

  function deletedBundle(secret: FakeSecret) {
    const version = currentVersion(secret);
    const deletedDate = secret.deletedDate ?? unixSeconds();
    return {
      ...(version ? bundle(secret, version, false) : { id: `${vaultUrl}/secrets/${secret.name}` }),
      recoveryId: `${vaultUrl}/deletedsecrets/${secret.name}`,
      deletedDate,
      scheduledPurgeDate: deletedDate + RECOVERABLE_DAYS * 86_400,
    };
  }

  const serviceHandler = http.all(`${vaultUrl}/*`, async ({ request }) => {
    const url = new URL(request.url);
    if (!request.headers.get('authorization')) {
      challenges++;
      return HttpResponse.json(
        { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } },
        {
          status: 401,
          headers: headers({
            'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="https://vault.azure.net"`,
          }),
        },
      );
    }
    const call: KeyVaultFakeCall = {
      operation: 'unknown',
      method: request.method,
      path: url.pathname,
      status: 200,
    };
    try {
      if (!request.headers.get('authorization')?.startsWith('Bearer ')) {
        throw new FakeError(401, 'Unauthorized', 'AKV10022: Invalid audience.');
      }
      if (!url.searchParams.get('api-version')) {
        throw new FakeError(400, 'BadParameter', 'The api-version query parameter is required.');
      }
      // Route first (without side effects for faults): classify, then maybe fail.
      const probe: KeyVaultFakeCall = { ...call };
      const operation = classify(request.method, url.pathname);
      probe.operation = operation;
      const fault = operation === 'unknown' ? undefined : takeFault(operation);
      if (fault) {
        const [, , name] = url.pathname.split('/');
        const failed: KeyVaultFakeCall = { ...probe, ...(name ? { name } : {}) };
        if (fault.status === 0) {
          log.push({ ...failed, status: 0, code: fault.code });
          return HttpResponse.error();
        }
        return errorResponse(
          failed,
          new FakeError(fault.status, fault.code, fault.message, fault.innerCode),
          fault.retryAfterSeconds,
        );
      }
      const answer = await route(request, url, call);
      log.push({ ...call, status: answer.status ?? 200 });
      if (answer.status === 204) return new HttpResponse(null, { status: 204, headers: headers() });
      return HttpResponse.json(answer.body as never, { headers: headers() });
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      return errorResponse(call, error);
    }
  });

  const catchAll = http.all('*', ({ request }) => {
    unhandled.push({ method: request.method, url: request.url });
    return HttpResponse.error();
  });

  const handlers = [serviceHandler, catchAll];

  function existing(name: string): FakeSecret {
    const secret = store.find(name);
    if (!secret) throw new Error(`the fake holds no secret "${name}"`);
    return secret;
  }

  return {
    handlers,
    get server() {
      return server;
    },
    vaultUrl,
    listen() {
      server ??= setupServer(...handlers);
      server.listen({ onUnhandledFrame: 'error' });
      return server;
    },
    close() {
      server?.close();
      server = undefined;
    },
    reset() {
      store.clear();
      faults = [];
      log.length = 0;
      unhandled.length = 0;
      challenges = 0;
    },
    put(name, value, putOptions = {}) {
      const now = unixSeconds();
      const secret = store.find(name);
      if (secret) delete secret.deletedDate;
      return store.addVersion(name, {
        value,
        attributes: {
          enabled: putOptions.enabled ?? true,
          ...(putOptions.notBefore === undefined ? {} : { nbf: unixSeconds(putOptions.notBefore) }),
          ...(putOptions.expiresOn === undefined ? {} : { exp: unixSeconds(putOptions.expiresOn) }),
          created: now,
          updated: now,
        },
        ...(putOptions.contentType === undefined ? {} : { contentType: putOptions.contentType }),
        ...(putOptions.tags === undefined ? {} : { tags: { ...putOptions.tags } }),
      }).id;
    },
    setEnabled(name, enabled, version) {
      const secret = existing(name);
      const target =
        version === undefined ? currentVersion(secret) : secret.versions.find((v) => v.id === version);
      if (!target) throw new Error(`the fake holds no version "${version}" of "${name}"`);
      target.attributes.enabled = enabled;
      target.attributes.updated = unixSeconds();
    },
    softDelete(name) {
      existing(name).deletedDate = unixSeconds();
    },
    recover(name) {
      delete existing(name).deletedDate;
    },
    remove(name) {
      return store.purge(name);
    },
    versionsOf(name) {
      return existing(name).versions.map((version) => version.id);
    },
    isDeleted(name) {
      return store.find(name)?.deletedDate !== undefined;
    },
    failNext(status, code, failOptions = {}) {
      const times = failOptions.times ?? 1;
      if (!Number.isInteger(times) || times < 1)
        throw new TypeError('failNext: times must be a positive integer');
      faults.push({
        status,
        code,
        message:
          failOptions.message ??
          DEFAULT_MESSAGE[failOptions.innerCode ?? code] ??
          `${code} (injected by the fake)`,
        remaining: times,
        ...(failOptions.innerCode === undefined ? {} : { innerCode: failOptions.innerCode }),
        ...(failOptions.retryAfterSeconds === undefined
          ? {}
          : { retryAfterSeconds: failOptions.retryAfterSeconds }),
        ...(failOptions.operations === undefined ? {} : { operations: [...failOptions.operations] }),
      });
    },
    calls: {
      log,
      count: (operation) =>
        operation === undefined ? log.length : log.filter((c) => c.operation === operation).length,
      get challenges() {
        return challenges;
      },
    },
    unhandledRequests: unhandled,
  };
}

/** Which operation a method and path name, before any state is looked at. */
function classify(method: string, pathname: string): KeyVaultOperation | 'unknown' {
  const [collection, name = '', rest, extra] = pathname.split('/').slice(1);
  if (collection === 'secrets') {
    if (name === '') return method === 'GET' ? 'listSecrets' : 'unknown';
    if (rest === 'versions' && extra === undefined)
      return method === 'GET' ? 'listSecretVersions' : 'unknown';
    if (method === 'GET' && extra === undefined) return 'getSecret';
    if (method === 'PUT' && rest === undefined) return 'setSecret';
    if (method === 'DELETE' && rest === undefined) return 'deleteSecret';
  }
  if (collection === 'deletedsecrets' && name !== '') {
    if (rest === undefined && method === 'GET') return 'getDeletedSecret';
    if (rest === undefined && method === 'DELETE') return 'purgeDeletedSecret';
    if (rest === 'recover' && method === 'POST') return 'recoverDeletedSecret';
  }
  return 'unknown';
}
