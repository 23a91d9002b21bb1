// The fake Vault's KV engines on the wire: KV v1 (read, write, delete) and KV v2 (data, metadata,
// soft delete and destroy, versions), answered as Vault does, 404 bodies included.
import { type FakeVaultStore, storeKey } from './fake-store.js';

/** How a handler answers: a status and a JSON body (204: none). */
export type Answer = (status: number, body?: unknown) => Response;

/** Vault's JSON envelope around `data`. */
export function envelope(data: unknown, extra: Record<string, unknown> = {}) {
  return {
    request_id: crypto.randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...extra,
  };
}

const KV2_MISMATCH =
  "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

export interface KvRequest {
  method: string;
  /** The API path (without `/v1/`), the mount, and the path under it. */
  path: string;
  mount: string;
  rest: string;
  namespace: string | undefined;
  url: URL;
  body: Record<string, unknown>;
}

export function answerKv1(store: FakeVaultStore, request: KvRequest, answer: Answer): Response {
  const key = storeKey(request.namespace, request.path);
  if (request.method === 'GET') {
    const data = store.kv1.get(key);
    return data === undefined
      ? answer(404, { errors: [] })
      : answer(200, { ...envelope({ ...data }), lease_duration: 2764800 });
  }
  if (request.method === 'DELETE') store.kv1.delete(key);
  else store.kv1.set(key, { ...request.body });
  return answer(204);
}

export function answerKv2(store: FakeVaultStore, request: KvRequest, answer: Answer): Response {
  const section = /^(data|metadata|delete|destroy|undelete)\/(.+)$/.exec(request.rest);
  if (section === null) return answer(404, { errors: [], warnings: [KV2_MISMATCH] });
  const key = storeKey(request.namespace, `${request.mount}/${section[2]}`);
  const secret = store.kv2Secret(key, false);
  switch (`${section[1]} ${request.method}`) {
    case 'data GET': {
      if (secret === undefined || secret.current === 0) return answer(404, { errors: [] });
      const asked = request.url.searchParams.get('version');
      const version = asked === null || asked === '0' ? secret.current : Number(asked);
      const entry = secret.versions.get(version);
      if (entry === undefined) return answer(404, { errors: [] });
      const metadata = store.versionMetadata(secret, version);
      if (entry.deletionTime !== '' || entry.destroyed)
        return answer(404, envelope({ data: null, metadata }));
      return answer(200, envelope({ data: { ...entry.data }, metadata }));
    }
    case 'data POST':
    case 'data PUT': {
      const version = store.kv2Write(key, (request.body.data ?? {}) as Record<string, unknown>);
      return answer(200, envelope(store.versionMetadata(store.kv2Secret(key, false)!, version)));
    }
    case 'data DELETE': {
      const entry = secret?.versions.get(secret.current);
      if (entry) entry.deletionTime = new Date().toISOString();
      return answer(204);
    }
    case 'metadata GET': {
      if (secret === undefined) return answer(404, { errors: [] });
      const versions = Object.fromEntries(
        [...secret.versions.entries()].map(([n, v]) => [
          String(n),
          { created_time: v.createdTime, deletion_time: v.deletionTime, destroyed: v.destroyed },
        ]),
      );
      return answer(
        200,
        envelope({ current_version: secret.current, oldest_version: 1, max_versions: 0, versions }),
      );
    }
    case 'metadata DELETE':
      store.kv2.delete(key);
      return answer(204);
    default:
      return answer(405, { errors: ['unsupported operation'] });
  }
}
