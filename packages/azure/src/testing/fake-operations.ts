// The Key Vault secrets operations the fake answers, over its store (reference/azure-gcp.md §1.1):
// `GET /secrets/{name}/` with the trailing slash, versions, set, soft delete, recover, purge, and
// the list endpoints paged by nextLink. Each returns a body or throws a FakeError.
import { FakeError } from './fake-faults.js';
import {
  currentVersion,
  type FakeSecret,
  type FakeSecretStore,
  type FakeVersion,
  RECOVERABLE_DAYS,
} from './fake-store.js';
import type { KeyVaultFakeCall, KeyVaultOperation } from './fake-types.js';

export interface OperationContext {
  store: FakeSecretStore;
  vaultUrl: string;
  listPageSize: number;
  /** Unix seconds now. */
  now(): number;
}

/** What an operation answers: a JSON body (status 200) or a status without a body. */
export interface OperationAnswer {
  status?: number;
  body?: unknown;
}

const notFound = (name: string, what = 'A secret') =>
  new FakeError(404, 'SecretNotFound', `${what} with (name/id) ${name} was not found in this key vault.`);

/** Which operation a method and path name, before any state is looked at. */
export function classifyRequest(method: string, pathname: string): KeyVaultOperation | 'unknown' {
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

/** Answers one authenticated request; fills `call` in (name, version) as it learns them. */
export async function answerOperation(
  context: OperationContext,
  operation: KeyVaultOperation | 'unknown',
  request: Request,
  call: KeyVaultFakeCall,
): Promise<OperationAnswer> {
  const url = new URL(request.url);
  const [, name = '', rest] = url.pathname.split('/').slice(1);
  const { store } = context;
  if (name !== '') call.name = name;
  switch (operation) {
    case 'listSecrets': {
      const items = store
        .all()
        .filter((secret) => secret.deletedDate === undefined && currentVersion(secret) !== undefined)
        .map((secret) => ({
          ...bundle(context, secret, currentVersion(secret)!, false),
          id: `${context.vaultUrl}/secrets/${secret.name}`,
        }));
      return { body: page(context, items, url, '/secrets') };
    }
    case 'listSecretVersions': {
      const secret = store.find(name);
      const items =
        secret && secret.deletedDate === undefined
          ? secret.versions.map((version) => bundle(context, secret, version, false))
          : [];
      return { body: page(context, items, url, `/secrets/${name}/versions`) };
    }
    case 'getSecret': {
      const secret = liveSecret(context, name);
      if (rest) call.version = rest;
      const version = rest ? secret.versions.find((v) => v.id === rest) : currentVersion(secret);
      if (!version) {
        throw new FakeError(
          404,
          'SecretNotFound',
          `A secret with (name/id) ${name}/${rest} was not found in this key vault.`,
        );
      }
      if (!version.attributes.enabled) {
        throw new FakeError(
          403,
          'Forbidden',
          'Operation get is not allowed on a disabled secret.',
          'SecretDisabled',
        );
      }
      return { body: bundle(context, secret, version) };
    }
    case 'setSecret':
      return setSecret(context, name, request, call);
    case 'deleteSecret': {
      const secret = liveSecret(context, name);
      secret.deletedDate = context.now();
      return { body: deletedBundle(context, secret) };
    }
    case 'getDeletedSecret':
    case 'purgeDeletedSecret': {
      const secret = store.find(name);
      if (!secret || secret.deletedDate === undefined) throw notFound(name, 'Deleted Secret');
      if (operation === 'getDeletedSecret') return { body: deletedBundle(context, secret) };
      store.purge(name);
      return { status: 204 };
    }
    case 'recoverDeletedSecret': {
      const secret = store.find(name);
      if (!secret || secret.deletedDate === undefined) throw notFound(name, 'Deleted Secret');
      delete secret.deletedDate;
      return { body: bundle(context, secret, currentVersion(secret)!, false) };
    }
    default:
      throw new FakeError(400, 'BadParameter', `The fake does not answer ${request.method} ${url.pathname}`);
  }
}

async function setSecret(
  context: OperationContext,
  name: string,
  request: Request,
  call: KeyVaultFakeCall,
): Promise<OperationAnswer> {
  const body = (await request.json().catch(() => ({}))) as {
    value?: unknown;
    contentType?: string;
    tags?: Record<string, string>;
    attributes?: { enabled?: boolean; nbf?: number; exp?: number };
  };
  if (typeof body.value !== 'string')
    throw new FakeError(400, 'BadParameter', 'The parameter value is required.');
  if (context.store.find(name)?.deletedDate !== undefined) {
    throw new FakeError(
      409,
      'Conflict',
      'Secret is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.',
      'ObjectIsDeletedButRecoverable',
    );
  }
  const attributes = body.attributes ?? {};
  const now = context.now();
  const version = context.store.addVersion(name, {
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
  return { body: bundle(context, context.store.find(name)!, version) };
}

function liveSecret(context: OperationContext, name: string): FakeSecret {
  const secret = context.store.find(name);
  if (!secret || secret.deletedDate !== undefined) throw notFound(name);
  return secret;
}

/** A SecretBundle as the service sends it (Unix-second attributes), with or without the value. */
function bundle(context: OperationContext, secret: FakeSecret, version: FakeVersion, withValue = true) {
  return {
    ...(withValue ? { value: version.value } : {}),
    id: `${context.vaultUrl}/secrets/${secret.name}/${version.id}`,
    ...(version.contentType === undefined ? {} : { contentType: version.contentType }),
    ...(version.tags === undefined ? {} : { tags: version.tags }),
    attributes: {
      ...version.attributes,
      recoveryLevel: 'Recoverable+Purgeable',
      recoverableDays: RECOVERABLE_DAYS,
    },
  };
}

function deletedBundle(context: OperationContext, secret: FakeSecret) {
  const version = currentVersion(secret);
  const deletedDate = secret.deletedDate ?? context.now();
  return {
    ...(version
      ? bundle(context, secret, version, false)
      : { id: `${context.vaultUrl}/secrets/${secret.name}` }),
    recoveryId: `${context.vaultUrl}/deletedsecrets/${secret.name}`,
    deletedDate,
    scheduledPurgeDate: deletedDate + RECOVERABLE_DAYS * 86_400,
  };
}

/** One page of `items` from `$skiptoken`; `nextLink` carries `:443` as the service's does. */
function page<T>(context: OperationContext, items: T[], url: URL, path: string) {
  const { vaultUrl, listPageSize } = context;
  const start = Number(url.searchParams.get('$skiptoken') ?? '0');
  const asked = Number(url.searchParams.get('maxresults') ?? listPageSize);
  const size = Math.max(1, Math.min(asked, listPageSize));
  const nextUrl = new URL(`${vaultUrl}${path}`);
  nextUrl.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
  nextUrl.searchParams.set('$skiptoken', String(start + size));
  nextUrl.searchParams.set('maxresults', String(size));
  return {
    value: items.slice(start, start + size),
    nextLink: start + size < items.length ? nextUrl.href.replace(vaultUrl, `${vaultUrl}:443`) : null,
  };
}
