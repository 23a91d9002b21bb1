// The agent's routes (DESIGN §10): GET /v1/secret?ref=REF, the AWS agent's GET /secretsmanager/get,
// and GET /healthz (plus the AWS agent's /ping), each with the header its token travels in. A route
// turns a query into a reply; every read goes through the resolver (its cache, coalescing,
// stale-if-error, rotation and leases), so concurrent requests for one ref share one provider call.
import type { Secret } from '@secretkit/core';
import type { SecretResolver } from '@secretkit/refs';
import { AWS_QUERY_KEYS, awsSecretValueJson, refOfAwsQuery } from './aws-compat.js';
import { readQuery, required } from './query.js';
import type { TokenHeader } from './request-checks.js';

export interface RouteReply {
  status: number;
  body: string;
  contentType: string;
}

export interface Route {
  tokenHeader: TokenHeader;
  /** Answers `url`; `onRef` learns the ref read (for the log) before the read starts. */
  answer(url: string, resolver: SecretResolver, onRef: (ref: string) => void): Promise<RouteReply>;
}

const JSON_TYPE = 'application/json';

/**
 * The whole secret and, for a ref with a pointer, the text it points at. Both calls start in the
 * same tick, so they join one cache entry (or one provider call) and describe the same version.
 */
async function read(resolver: SecretResolver, ref: string): Promise<{ secret: Secret; pointed?: string }> {
  if (!ref.includes('#')) return { secret: await resolver.getSecret(ref) };
  const [secret, pointed] = await Promise.all([resolver.getSecret(ref), resolver.get(ref)]);
  return { secret, pointed };
}

const secretRoute: Route = {
  tokenHeader: 'x-secretkit-token',
  async answer(url, resolver, onRef) {
    const ref = required(readQuery(url, ['ref']), 'ref');
    onRef(ref);
    const { secret, pointed } = await read(resolver, ref);
    const value = pointed ?? secret.text();
    return {
      status: 200,
      contentType: JSON_TYPE,
      body: JSON.stringify({ ref, version: secret.version ?? null, value }),
    };
  },
};

const awsRoute: Route = {
  tokenHeader: 'x-aws-parameters-secrets-token',
  async answer(url, resolver, onRef) {
    const ref = refOfAwsQuery(readQuery(url, AWS_QUERY_KEYS));
    onRef(ref);
    const { secret, pointed } = await read(resolver, ref);
    return { status: 200, contentType: JSON_TYPE, body: awsSecretValueJson(secret, pointed) };
  },
};

const healthRoute: Route = {
  tokenHeader: undefined,
  answer: async () => ({ status: 200, contentType: JSON_TYPE, body: '{"status":"ok"}' }),
};

/** The AWS agent's health check answers the text "healthy"; scripts written for it wait on that. */
const pingRoute: Route = {
  tokenHeader: undefined,
  answer: async () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'healthy' }),
};

export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/v1/secret', secretRoute],
  ['/secretsmanager/get', awsRoute],
  ['/healthz', healthRoute],
  ['/ping', pingRoute],
]);
