// Azure Key Vault failures, read and mapped: `describeKeyVaultError` reads the facts off a RestError
// or a credential failure, the table says what Key Vault means by them (DESIGN §5;
// reference/azure-gcp.md §2), and `keyVaultKit` builds every SecretsError through the adapter kit.
import { isSecretsError, type SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { type AdapterKit, type CleanCause, defineAdapter, type ErrorFacts } from '@secretkit/core/adapter';

export const PROVIDER_NAME = 'azure-key-vault';

/** Errors a TokenCredential throws (@azure/identity): the sign-in failed, not the vault. */
const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'AuthenticationError',
  'AggregateAuthenticationError',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
]);

/** The facts of one failure, plus whether it came out of the credential's `getToken`. */
export interface KeyVaultFacts extends ErrorFacts {
  fromCredential?: boolean;
}

/**
 * Key Vault's rules over the kit's default status table (which already says 401 UNAUTHENTICATED,
 * 403 ACCESS_DENIED, 404 NOT_FOUND, 409 CONFLICT, 429 THROTTLED, 5xx UNAVAILABLE): a failed
 * sign-in is UNAUTHENTICATED, and a 403 whose inner code is `SecretDisabled` is DISABLED.
 */
export function classifyKeyVault(facts: KeyVaultFacts): SecretsErrorCode | undefined {
  if (facts.name === 'AbortError') return undefined; // the kit makes it ABORTED
  if (facts.fromCredential || CREDENTIAL_ERRORS.has(facts.name)) return 'UNAUTHENTICATED';
  if (facts.status === 403 && facts.innerCode === 'SecretDisabled') return 'DISABLED';
  return undefined;
}

/** How to get out of each 409 (the service's message only says the name cannot be reused). */
const CONFLICT_ADVICE: Readonly<Record<string, string>> = {
  ObjectIsDeletedButRecoverable:
    'it is soft-deleted: recover it (`az keyvault secret recover`, SecretClient.beginRecoverDeletedSecret) ' +
    'or purge it (`az keyvault secret purge`) before writing the name again',
  ObjectIsBeingDeleted: 'it is being deleted: retry once the deletion has finished',
};

/** Inner codes of a 409 that pass with time: retryable, unlike other conflicts. */
const TRANSIENT_CONFLICTS: ReadonlySet<string> = new Set(['ObjectIsBeingDeleted']);

/** A failure already described (inside the call, where the values it must not show are known). */
export class KeyVaultFailure extends Error {
  constructor(readonly facts: KeyVaultFacts) {
    super(facts.name);
    this.name = 'KeyVaultFailure';
  }
}

/** A failed `getToken` of the credential we sign in with: its own message is never kept. */
export class CredentialFailure extends Error {}

/**
 * The facts of anything the SDK (or the credential) threw. The service's error text is dropped
 * (it may quote a value, DESIGN §3): a cause keeps its codes, status and request id. The kit drops
 * any identifier that echoes a token or a value of the call (its `credentials()` and `values`).
 */
export function describeKeyVaultError(error: unknown): KeyVaultFacts {
  if (error instanceof KeyVaultFailure) return error.facts;
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const safe = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const name = typeof source.name === 'string' ? source.name : typeof error;
  const status = typeof source.statusCode === 'number' ? source.statusCode : undefined;
  const code = safe(source.code);
  const innerCode = safe(
    (source.details as { error?: { innerError?: { code?: unknown } } } | undefined)?.error?.innerError?.code,
  );
  const header = headerReader(source.response);
  const requestId = safe(header('x-ms-request-id'));
  const retryAfter = retryAfterOf(header);
  const fromCredential = error instanceof CredentialFailure || CREDENTIAL_ERRORS.has(name);
  const parseFailure = code === 'PARSE_ERROR';
  const serverText = status !== undefined || fromCredential || parseFailure;
  return {
    name,
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : status === undefined ? { systemCode: code } : { serviceCode: code }),
    ...(innerCode === undefined ? {} : { innerCode }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(serverText || typeof source.message !== 'string' ? {} : { message: source.message }),
    ...(fromCredential ? { fromCredential, message: 'the credential could not get a token' } : {}),
    ...(parseFailure ? { malformedBody: true, message: 'the response body could not be parsed' } : {}),
    // A RestError without a status got no response (REQUEST_SEND_ERROR, a reset socket).
    ...(name === 'RestError' && status === undefined && !parseFailure ? { noResponse: true } : {}),
  };
}

/** Retry-After in seconds: `retry-after-ms`/`x-ms-retry-after-ms` first, as the Azure SDK reads them. */
function retryAfterOf(header: (name: string) => string | undefined): string | number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const text = header(name)?.trim();
    if (text !== undefined && /^\d+$/.test(text)) return Number(text) / 1000;
  }
  return header('retry-after');
}

function headerReader(response: unknown): (name: string) => string | undefined {
  const headers = (response as { headers?: { get?: (name: string) => unknown } } | undefined)?.headers;
  return (name) => {
    const value = typeof headers?.get === 'function' ? headers.get(name) : undefined;
    return typeof value === 'string' ? value : undefined;
  };
}

/**
 * The adapter kit for one provider: `tokens()` gives the bearer tokens handed to the SDK so far,
 * scrubbed from every cause (DESIGN §5).
 */
export function keyVaultKit(tokens: () => readonly string[] = () => []): AdapterKit {
  return defineAdapter({
    provider: PROVIDER_NAME,
    label: 'Azure Key Vault',
    factory: 'azureKeyVault',
    describe: describeKeyVaultError,
    classify: classifyKeyVault,
    credentials: tokens,
  });
}

/**
 * `error` with Key Vault's advice for a 409 (recover or purge a soft-deleted name) in its message,
 * and retryable when the conflict passes with time (a deletion in progress).
 */
export function withConflictAdvice(kit: AdapterKit, error: SecretsError): SecretsError {
  if (!isSecretsError(error) || error.code !== 'CONFLICT') return error;
  const innerCode = (error.cause as { innerCode?: unknown } | undefined)?.innerCode;
  if (typeof innerCode !== 'string' || CONFLICT_ADVICE[innerCode] === undefined) return error;
  return kit.error('CONFLICT', `${error.message}: ${CONFLICT_ADVICE[innerCode]}`, {
    ...(error.secretName === undefined ? {} : { name: error.secretName }),
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
    retryable: TRANSIENT_CONFLICTS.has(innerCode),
    cause: error.cause as CleanCause,
  });
}
