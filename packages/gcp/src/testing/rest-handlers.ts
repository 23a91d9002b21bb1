// The REST (HTTP/1.1 JSON) wire of Secret Manager v1 as msw handlers, on the global host and every
// regional `secretmanager.{location}.rep.googleapis.com` host. A request it cannot route falls through
// to the fake kit's recording catch-all.
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { FakeDispatcher, Outcome } from './fake-dispatch.js';
import { detailsJson, type ErrorDetails } from './fake-error-details.js';
import type { SecretManagerRpcs } from './fake-rpcs.js';
import { HTTP_STATUS } from './fake-status.js';
import type { SecretManagerOperation } from './fake-store.js';
import type { Page, SecretView, VersionView } from './fake-views.js';

/** Hosts the fake answers: the global endpoint and any regional one. */
export const REST_HOST = /^https:\/\/secretmanager(?:\.([a-z0-9-]+)\.rep)?\.googleapis\.com\/v1\//;

const ROUTE =
  /^(projects\/[^/:]+(?:\/locations\/([^/:]+))?)\/secrets(?:\/([^/:]+)(?:\/versions(?:\/([^/:]+))?)?)?(?::([A-Za-z]+))?$/;

const STATE_NUMBER = { ENABLED: 1, DISABLED: 2, DESTROYED: 3 } as const;

interface Route {
  operation: SecretManagerOperation;
  resource: string;
  run: (body: Record<string, unknown>, query: URLSearchParams) => unknown;
}

export function createRestHandlers(rpcs: SecretManagerRpcs, dispatcher: FakeDispatcher): HttpHandler[] {
  return [
    http.all(REST_HOST, async ({ request }) => {
      const url = new URL(request.url);
      const hostLocation = REST_HOST.exec(request.url)?.[1];
      const route = routeOf(request.method, decodeURIComponent(url.pathname.slice('/v1/'.length)), rpcs);
      if (!route) return undefined; // the catch-all records it
      const numericEnums = /enum-encoding=int/.test(url.searchParams.get('$alt') ?? '');
      const body = (
        request.method === 'POST'
          ? await request
              .clone()
              .json()
              .catch(() => ({}))
          : {}
      ) as Record<string, unknown>;
      const call = {
        transport: 'rest' as const,
        operation: route.operation,
        resource: route.resource,
        host: url.host,
      };
      if (!/^Bearer \S+$/.test(request.headers.get('authorization') ?? '')) {
        dispatcher.refuse(call, 'UNAUTHENTICATED');
        return errorResponse('UNAUTHENTICATED', 'Request is missing required authentication credential.');
      }
      const location = /\/locations\/([^/]+)/.exec(route.resource)?.[1];
      if (location !== hostLocation) {
        dispatcher.refuse(call, 'INVALID_ARGUMENT');
        return errorResponse(
          'INVALID_ARGUMENT',
          location === undefined
            ? 'Global resources are served by secretmanager.googleapis.com.'
            : `Resources in location ${location} are served by secretmanager.${location}.rep.googleapis.com.`,
        );
      }
      const outcome: Outcome<unknown> = dispatcher.run(call, () => route.run(body, url.searchParams));
      if ('fault' in outcome) {
        const { fault } = outcome;
        if (fault.kind === 'drop') return HttpResponse.error();
        if (fault.kind === 'raw') return fault.respond(request);
        return errorResponse(fault.status, fault.message, fault.details);
      }
      return HttpResponse.json(encode(outcome.ok, numericEnums) as Record<string, unknown>);
    }),
  ];
}

function routeOf(method: string, path: string, rpcs: SecretManagerRpcs): Route | undefined {
  const match = ROUTE.exec(path);
  if (!match) return undefined;
  const [, parent, , secretId, version, verb] = match;
  const secret = secretId === undefined ? undefined : `${parent}/secrets/${secretId}`;
  const hasVersions = /\/versions(\/|$|:)/.test(path);
  const number = (value: string | null) => (value === null ? undefined : Number(value));
  const page = (query: URLSearchParams) => ({
    ...(query.get('pageSize') === null ? {} : { pageSize: number(query.get('pageSize')) }),
    ...(query.get('pageToken') === null ? {} : { pageToken: query.get('pageToken')! }),
  });
  if (method === 'GET' && version !== undefined && verb === 'access') {
    const name = `${secret}/versions/${version}`;
    return {
      operation: 'AccessSecretVersion',
      resource: name,
      run: () => rpcs.accessSecretVersion({ name }),
    };
  }
  if (method === 'GET' && version !== undefined && verb === undefined) {
    const name = `${secret}/versions/${version}`;
    return { operation: 'GetSecretVersion', resource: name, run: () => rpcs.getSecretVersion({ name }) };
  }
  if (
    method === 'GET' &&
    secret !== undefined &&
    hasVersions &&
    version === undefined &&
    verb === undefined
  ) {
    return {
      operation: 'ListSecretVersions',
      resource: secret,
      run: (_, query) =>
        listBody(
          'versions',
          rpcs.listSecretVersions({ parent: secret, ...page(query), filter: query.get('filter') ?? '' }),
        ),
    };
  }
  if (method === 'POST' && secret !== undefined && !hasVersions && verb === 'addVersion') {
    return {
      operation: 'AddSecretVersion',
      resource: secret,
      run: (body) => {
        const payload = (body.payload ?? {}) as { data?: string; dataCrc32c?: string | number };
        return rpcs.addSecretVersion({
          parent: secret,
          data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
          ...(payload.dataCrc32c === undefined ? {} : { dataCrc32c: String(payload.dataCrc32c) }),
        });
      },
    };
  }
  if (method === 'DELETE' && secret !== undefined && !hasVersions && verb === undefined) {
    return { operation: 'DeleteSecret', resource: secret, run: () => rpcs.deleteSecret({ name: secret }) };
  }
  if (secret === undefined && verb === undefined && (method === 'GET' || method === 'POST')) {
    if (method === 'GET') {
      return {
        operation: 'ListSecrets',
        resource: parent!,
        run: (_, query) => listBody('secrets', rpcs.listSecrets({ parent: parent!, ...page(query) })),
      };
    }
    return {
      operation: 'CreateSecret',
      resource: parent!,
      run: (body, query) =>
        rpcs.createSecret({
          parent: parent!,
          secretId: query.get('secretId') ?? '',
          hasReplication: typeof body.replication === 'object' && body.replication !== null,
        }),
    };
  }
  return undefined;
}

function listBody(field: 'secrets' | 'versions', page: Page<SecretView | VersionView>) {
  return {
    [field]: page.items,
    ...(page.nextPageToken === '' ? {} : { nextPageToken: page.nextPageToken }),
    totalSize: page.totalSize,
  };
}

/** proto3 JSON: RFC 3339 times, base64 bytes, enums as names (or numbers when asked). */
function encode(value: unknown, numericEnums: boolean): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((item) => encode(item, numericEnums));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      out[key] =
        key === 'state' && numericEnums && typeof field === 'string'
          ? STATE_NUMBER[field as keyof typeof STATE_NUMBER]
          : encode(field, numericEnums);
    }
    if ('data' in out && !('state' in out)) {
      // AccessSecretVersion: the payload is nested on the wire.
      return {
        name: out.name,
        payload: { data: out.data, ...(out.dataCrc32c === undefined ? {} : { dataCrc32c: out.dataCrc32c }) },
      };
    }
    return out;
  }
  return value;
}

/** A google.rpc.Status error body, as the REST endpoint answers; RetryInfo also as a Retry-After header. */
function errorResponse(status: keyof typeof HTTP_STATUS, message: string, details: ErrorDetails = {}) {
  const code = HTTP_STATUS[status];
  const list = detailsJson(details);
  return HttpResponse.json(
    { error: { code, message, status, ...(list.length === 0 ? {} : { details: list }) } },
    {
      status: code,
      ...(details.retryDelaySeconds === undefined
        ? {}
        : { headers: { 'retry-after': String(Math.ceil(details.retryDelaySeconds)) } }),
    },
  );
}
