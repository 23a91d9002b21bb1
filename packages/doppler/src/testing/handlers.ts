// The Doppler fake's wire: the secrets download endpoint as the API answers it — token checks (401,
// 403 for another config), 400/404 for the project and config, a per-token rate limit (429 with
// Retry-After), the `secrets=` filter, the meta keys, and ETag / If-None-Match with 304.
import type { CallLog, Clock, FaultQueue } from '@secretkit/fake-kit';
import { HttpResponse, http } from 'msw';
import { type DopplerFault, dopplerError, faultResponse } from './faults.js';
import type { DopplerStore, FakeConfig } from './store.js';

/** One download the fake answered, as sent (the token is never logged). */
export interface DopplerCall {
  project: string | undefined;
  config: string | undefined;
  /** The `secrets=` filter as sent. */
  secrets: string | undefined;
  ifNoneMatch: string | undefined;
  /** The status answered; 0 for a dropped connection. */
  status: number;
}

/** What a fault's `match` sees. */
export interface DopplerFaultRequest {
  project: string | undefined;
  config: string | undefined;
  /** The names of the `secrets=` filter; undefined without one. */
  secrets: readonly string[] | undefined;
}

export interface HandlerContext {
  apiUrl: string;
  store: DopplerStore;
  calls: CallLog<DopplerCall>;
  faults: FaultQueue<DopplerFault, DopplerFaultRequest>;
  limiter: RateLimiter;
}

export function dopplerHandlers(context: HandlerContext) {
  const { limiter } = context;
  return [
    http.get(`${context.apiUrl}/v3/configs/config/secrets/download`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const filter = query.get('secrets') ?? undefined;
      const seen: DopplerFaultRequest = {
        project: query.get('project') ?? undefined,
        config: query.get('config') ?? undefined,
        secrets: filter?.split(',').filter((name) => name !== ''),
      };
      const ifNoneMatch = request.headers.get('if-none-match') ?? undefined;
      const fault = context.faults.take(seen);
      const response = fault ? faultResponse(fault) : answer(context, limiter, request, seen, ifNoneMatch);
      const { project, config } = seen;
      context.calls.record({
        project,
        config,
        secrets: filter,
        ifNoneMatch,
        status: fault?.status ?? response.status,
      });
      return response;
    }),
  ];
}

function answer(
  context: HandlerContext,
  limiter: RateLimiter,
  request: Request,
  seen: DopplerFaultRequest,
  ifNoneMatch: string | undefined,
): Response {
  const token = tokenOf(request.headers.get('authorization'));
  const scope = token === undefined ? undefined : context.store.tokens.get(token);
  if (scope === undefined) return dopplerError(401);
  const wait = limiter.take(token!);
  if (wait !== undefined) return dopplerError(429, undefined, { 'retry-after': String(wait) });
  const found = configOf(context.store, scope, seen);
  if (found instanceof Response) return found;
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  if (format !== 'json') return dopplerError(400, ['The fake answers format=json only']);
  const etag = context.store.etag(found);
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) {
    return new HttpResponse(null, { status: 304, headers: { etag } });
  }
  return HttpResponse.json(context.store.download(found, seen.secrets), { headers: { etag } });
}

/** The config a request reads, or Doppler's error answer. */
function configOf(
  store: DopplerStore,
  scope: NonNullable<ReturnType<DopplerStore['tokens']['get']>>,
  { project, config }: DopplerFaultRequest,
): FakeConfig | Response {
  if (scope.kind === 'service') {
    const own = scope.ref;
    if (
      (project !== undefined && project !== own.project) ||
      (config !== undefined && config !== own.config)
    ) {
      return dopplerError(403);
    }
    return store.find(own) ?? dopplerError(404);
  }
  if (project === undefined) return dopplerError(400, ['You must specify a project']);
  if (config === undefined) return dopplerError(400, ['You must specify a config']);
  const found = store.find({ project, config });
  if (found) return found;
  const projectExists = [...store.configs.values()].some((each) => each.project === project);
  return dopplerError(404, [
    projectExists ? 'Could not find requested config' : 'Could not find requested project',
  ]);
}

/** The token of `Authorization: Bearer <token>`, or of Basic auth with the token as user name (older clients). */
function tokenOf(header: string | null): string | undefined {
  const [scheme, credentials] = header?.split(' ', 2) ?? [];
  if (credentials === undefined || credentials === '') return undefined;
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() !== 'basic') return undefined;
  const user = Buffer.from(credentials, 'base64').toString('utf8');
  return user.endsWith(':') ? user.slice(0, -1) : undefined;
}

/** If-None-Match: `*` or a list of entity tags, compared weakly (RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string, etag: string): boolean {
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

export interface RateLimiter {
  /** Counts one request of `token`; the seconds to wait when over the limit, else undefined. */
  take(token: string): number | undefined;
  clear(): void;
}

/** A fixed one-minute window per token on `clock`; no limit when `requestsPerMinute` is undefined. */
export function createRateLimiter(requestsPerMinute: number | undefined, clock: Clock): RateLimiter {
  const windows = new Map<string, { minute: number; count: number }>();
  return {
    clear: () => windows.clear(),
    take(token) {
      if (requestsPerMinute === undefined) return undefined;
      const now = clock.now();
      const minute = Math.floor(now / 60_000);
      const window = windows.get(token);
      const current = window?.minute === minute ? window : { minute, count: 0 };
      current.count++;
      windows.set(token, current);
      if (current.count <= requestsPerMinute) return undefined;
      return Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
    },
  };
}
