// The checks every request passes before any secret is read, in the order DESIGN §10 fixes:
// X-Forwarded-For (a proxy forwarded it: SSRF) → method → token. Then the limits on what a request
// may carry. Pure: the request's facts in, a refusal or undefined out. Codes are SecretsError codes,
// so a client switches on one vocabulary: 401 UNAUTHENTICATED is the agent's token, 403 a provider's.
import { type ErrorReply, refusal } from './error-replies.js';

/** The longest request target (path and query) accepted; refs are short, so this is generous. */
export const MAX_URL_BYTES = 4096;

/** Which header carries the token on a route; undefined for routes that need none (health). */
export type TokenHeader = 'x-secretkit-token' | 'x-aws-parameters-secrets-token' | undefined;

export interface RequestFacts {
  method: string | undefined;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/**
 * The first refusal for `request` on a route whose token travels in `tokenHeader`, or undefined.
 * `tokenMatches` is the constant-time check of createTokenCheck.
 */
export function checkRequest(
  request: RequestFacts,
  tokenHeader: TokenHeader,
  tokenMatches: (presented: string | undefined) => boolean,
): ErrorReply | undefined {
  if (request.headers['x-forwarded-for'] !== undefined) {
    return refusal(
      400,
      'INVALID_REQUEST',
      'requests with X-Forwarded-For are refused: the agent answers local programs, not a proxy',
    );
  }
  if (request.method !== 'GET') return refusal(405, 'INVALID_REQUEST', 'only GET is allowed');
  if (tokenHeader !== undefined && !tokenMatches(single(request.headers[tokenHeader]))) {
    const name = tokenHeader === 'x-secretkit-token' ? 'X-Secretkit-Token' : 'X-Aws-Parameters-Secrets-Token';
    return refusal(401, 'UNAUTHENTICATED', `missing or wrong token in the ${name} header`);
  }
  if (request.url.length > MAX_URL_BYTES) {
    return refusal(414, 'INVALID_REQUEST', `the request target is longer than ${MAX_URL_BYTES} bytes`);
  }
  const length = single(request.headers['content-length']);
  if ((length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined) {
    return refusal(413, 'INVALID_REQUEST', 'a GET request to the agent carries no body');
  }
  return undefined;
}
