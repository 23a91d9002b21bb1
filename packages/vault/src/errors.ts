// Vault failures → SecretsError codes (DESIGN §3, §5): the node-vault error reader, the override
// table and the kit. Vault's errors[] never travel as written: only well-known phrases do.
import { type AdapterKit, defineAdapter, type ErrorFacts, type ErrorTable } from '@secretkit/core/adapter';

export const PROVIDER_NAME = 'hashicorp-vault';

/**
 * Vault's well-known error and warning phrases, as [pattern, service code, phrase]: the code goes
 * into the message (`permission-denied, HTTP 403`), the phrase (our own text) into the cause.
 * Earlier rows win, so "permission denied" + "invalid token" reads as the token's problem.
 */
const PHRASES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/missing client token/i, 'missing-client-token', 'missing client token'],
  [/invalid token|bad token|token not found/i, 'invalid-token', 'invalid token'],
  [/token (?:is )?expired/i, 'token-expired', 'token expired'],
  [/invalid path for a versioned k\/v secrets engine/i, 'kv-v2-path', 'KV v2 mount read as KV v1'],
  [
    /invalid role or secret id|invalid secret id|invalid role id/i,
    'invalid-login',
    'invalid role or secret ID',
  ],
  [/lease not found|lease is not renewable|lease expired/i, 'lease-gone', 'lease not found or not renewable'],
  [/batch tokens cannot be renewed|not renewable/i, 'not-renewable', 'not renewable'],
  [/vault is sealed/i, 'sealed', 'Vault is sealed'],
  [/local node not active|standby/i, 'standby', 'standby node'],
  [/rate limit quota exceeded/i, 'rate-limited', 'rate limit quota exceeded'],
  [/required index state not present/i, 'index-state-not-present', 'required index state not present'],
  [/permission denied/i, 'permission-denied', 'permission denied'],
  [/unsupported path|no handler for route/i, 'unsupported-path', 'unsupported path'],
  [/unsupported operation/i, 'unsupported-operation', 'unsupported operation'],
  [/internal error/i, 'internal-error', 'internal error'],
];

/** Service codes that decide the code whatever the status (Vault answers 403 for a bad token). */
const BY_SERVICE_CODE: ErrorTable['byServiceCode'] = {
  'missing-client-token': 'UNAUTHENTICATED',
  'invalid-token': 'UNAUTHENTICATED',
  'token-expired': 'UNAUTHENTICATED',
  'kv-v2-path': 'CONFIG',
};

/** Where Vault differs from the kit's DEFAULT_STATUS_CODES. */
const BY_STATUS: ErrorTable['byStatus'] = {
  412: 'UNAVAILABLE', // Enterprise eventual consistency: retry
};

/** Response headers of a failed call, recorded by the transport (node-vault drops them). */
const responseHeaders = new WeakMap<object, Readonly<Record<string, unknown>>>();

/** Records the response headers a failure came with, for `describeVaultError` (Retry-After). */
export function rememberHeaders(
  error: unknown,
  headers: Readonly<Record<string, unknown>> | undefined,
): void {
  if (typeof error === 'object' && error !== null && headers !== undefined)
    responseHeaders.set(error, headers);
}

/** The status and body of a node-vault ApiResponseError (duck-typed: the class is not exported). */
export function responseOf(error: unknown): { status: number; body: unknown } | undefined {
  const response = (error as { response?: { statusCode?: unknown; body?: unknown } } | null)?.response;
  if (typeof response?.statusCode !== 'number') return undefined;
  return { status: response.statusCode, body: response.body };
}

/** Reads the facts of anything node-vault (or axios under it) threw. Never throws. */
export function describeVaultError(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { name: 'Error' };
  const source = error as Record<string, unknown>;
  const response = responseOf(error);
  if (response !== undefined) {
    const found = phrasesOf(response.body);
    const retryAfter = responseHeaders.get(error)?.['retry-after'];
    return {
      name: 'ApiResponseError',
      status: response.status,
      ...(found.length === 0
        ? {}
        : { serviceCode: found[0]?.[0], message: found.map(([, p]) => p).join('; ') }),
      ...(typeof retryAfter === 'string' || typeof retryAfter === 'number' ? { retryAfter } : {}),
    };
  }
  const name = typeof source.name === 'string' ? source.name : 'Error';
  const message = typeof source.message === 'string' ? source.message : undefined;
  const code = typeof source.code === 'string' ? source.code : undefined;
  if (source.isAxiosError === true && source.response === undefined) {
    // axios reports its own timeout as ECONNABORTED ("timeout of 100ms exceeded")
    const timedOut = code === 'ECONNABORTED' && /timeout/i.test(message ?? '');
    const systemCode = timedOut ? 'ETIMEDOUT' : (systemCodeOf(source.cause) ?? code);
    return {
      name,
      noResponse: true,
      ...(systemCode === undefined ? {} : { systemCode }),
      ...(message === undefined ? {} : { message }),
    };
  }
  return {
    name,
    ...(code === undefined ? {} : { systemCode: code }),
    ...(message === undefined ? {} : { message }),
  };
}

/** [service code, phrase] for each well-known phrase in a Vault error body's errors[] and warnings[]. */
function phrasesOf(body: unknown): Array<readonly [string, string]> {
  if (typeof body !== 'object' || body === null) return [];
  const { errors, warnings } = body as { errors?: unknown; warnings?: unknown };
  const texts = [errors, warnings].flatMap((list) =>
    Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [],
  );
  return PHRASES.filter(([pattern]) => texts.some((text) => pattern.test(text))).map(
    ([, code, phrase]) => [code, phrase] as const,
  );
}

function systemCodeOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The override table (test/errors.test.ts drives one row per mapping through the wire). */
const VAULT_ERROR_TABLE: ErrorTable = { byServiceCode: BY_SERVICE_CODE, byStatus: BY_STATUS };

/** The kit every error of one provider is built with; `credentials` are scrubbed from every cause. */
export function vaultKit(credentials?: () => readonly (string | undefined)[]): AdapterKit {
  return defineAdapter({
    provider: PROVIDER_NAME,
    label: 'Vault',
    factory: 'hashicorpVault',
    describe: describeVaultError,
    ...VAULT_ERROR_TABLE,
    ...(credentials === undefined ? {} : { credentials }),
  });
}
