// The per-provider error builder every adapter is made with: one `defineAdapter({...})` names the
// provider, its label, how to read its SDK's errors and its override table; the kit then builds
// every SecretsError the adapter throws, with uniform messages and cleaned causes.
import { isSecretsError, SecretsError, type SecretsErrorCode } from '../errors.js';
import { isNoResponseCode } from '../no-response.js';
import { type CleanCause, cleanCause } from './clean-cause.js';
import { codeForFacts, type ErrorFacts, type ErrorTable } from './error-facts.js';
import { parseRetryAfter } from './retry-after.js';
import { safeIdentifier, scrubCredentials } from './scrub.js';

export interface AdapterDefinition extends ErrorTable {
  /** `SecretProvider.name`: `'aws-secrets-manager'`. */
  provider: string;
  /** How messages name the service: `'AWS Secrets Manager'`. */
  label: string;
  /** The factory users call, for configuration errors: `'awsSecretsManager'`. */
  factory: string;
  /** Reads the facts off anything the SDK threw (with the call's context). Must not throw. */
  describe(error: unknown, context: FailureContext): ErrorFacts;
  /** The adapter's credentials right now (tokens, keys, secret ids), scrubbed from every cause. */
  credentials?(): readonly (string | undefined)[];
}

/** Per-failure context an adapter passes to `fromError`. */
export interface FailureContext {
  /** The secret the call was about. */
  name?: string;
  /** The call's signal: when it has aborted, the error is ABORTED whatever the SDK said. */
  signal?: AbortSignal;
  /** Values of this call that must not surface (a value being written). */
  values?: readonly (string | Uint8Array | undefined)[];
}

export interface BuildOptions {
  name?: string;
  statusCode?: number;
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: CleanCause;
}

/** What `defineAdapter` returns: every error an adapter throws is built here. */
export interface AdapterKit {
  readonly provider: string;
  readonly label: string;
  /** CONFIG: `awsSecretsManager: <message>`; no provider call follows. */
  configError(message: string, name?: string): SecretsError;
  /** A SecretsError of this provider with any code and a message of the adapter's. */
  error(code: SecretsErrorCode, message: string, options?: BuildOptions): SecretsError;
  /** NOT_FOUND naming the secret. @default statusCode 404 */
  notFound(name: string, detail?: string, statusCode?: number): SecretsError;
  /** A 2xx the adapter could not read (HTML from a proxy, truncated JSON): UNAVAILABLE, retryable. */
  malformed(name: string | undefined, what: string, statusCode?: number): SecretsError;
  /** Maps anything the SDK (or a lazy import) threw; a SecretsError passes through unless aborted. */
  fromError(error: unknown, context?: FailureContext): SecretsError;
  /** The SecretsError for facts the adapter read itself (a batch item's error, a refused answer). */
  fromFacts(facts: ErrorFacts, context?: FailureContext): SecretsError;
  /** The code `fromError` would give for these facts (for batch items and tests). */
  codeFor(facts: ErrorFacts): SecretsErrorCode;
  /** The cleaned cause for these facts, with the adapter's credentials scrubbed. */
  cleanCause(facts: ErrorFacts, values?: FailureContext['values']): CleanCause;
}

/** How each code reads in a message: `AWS Secrets Manager: access denied for "db" (…)`. */
const PHRASES: Readonly<Record<SecretsErrorCode, string>> = {
  NOT_FOUND: 'not found',
  ACCESS_DENIED: 'access denied',
  UNAUTHENTICATED: 'not authenticated',
  THROTTLED: 'throttled',
  UNAVAILABLE: 'unavailable',
  TIMEOUT: 'timed out',
  INVALID_REQUEST: 'invalid request',
  DISABLED: 'disabled',
  CONFLICT: 'conflict',
  INTEGRITY: 'integrity check failed',
  DECRYPTION_FAILED: 'decryption failed',
  WRONG_TYPE: 'wrong type',
  PARSE: 'parse failure',
  UNSUPPORTED: 'unsupported',
  LEASE_EXPIRED: 'lease expired',
  CLOSED: 'closed',
  ABORTED: 'aborted',
  CONFIG: 'configuration error',
  UNKNOWN: 'failed',
};

export function defineAdapter(definition: AdapterDefinition): AdapterKit {
  const { provider, label, factory } = definition;
  const subject = (name: string | undefined) => (name === undefined ? 'the request' : `"${name}"`);

  const error = (code: SecretsErrorCode, message: string, options: BuildOptions = {}) =>
    new SecretsError(code, message, {
      provider,
      ...(options.name === undefined ? {} : { secretName: options.name }),
      ...(options.statusCode === undefined ? {} : { statusCode: options.statusCode }),
      ...(options.retryable === undefined ? {} : { retryable: options.retryable }),
      ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });

  const secretsOf = (values: FailureContext['values'] = []): (string | undefined)[] => [
    ...(definition.credentials?.() ?? []),
    ...values.map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value)),
  ];

  const kit: AdapterKit = {
    provider,
    label,
    configError: (message, name) =>
      error('CONFIG', `${factory}: ${message}`, name === undefined ? {} : { name }),
    error,
    notFound: (name, detail, statusCode = 404) =>
      error('NOT_FOUND', `${label}: secret "${name}" was not found${detail ? ` (${detail})` : ''}`, {
        name,
        statusCode,
      }),
    malformed: (name, what, statusCode) =>
      error('UNAVAILABLE', `${label}: the answer for ${subject(name)} was malformed (${what})`, {
        ...(name === undefined ? {} : { name }),
        ...(statusCode === undefined ? {} : { statusCode }),
        retryable: true,
      }),
    codeFor: (facts) => codeForFacts(facts, definition),
    cleanCause: (facts, values) => {
      const secrets = secretsOf(values);
      return cleanCause(withoutEchoes(facts, secrets), secrets);
    },
    fromError(thrown, context = {}) {
      const aborted = context.signal?.aborted === true;
      if (isSecretsError(thrown) && !aborted) return thrown;
      if (isSecretsError(thrown) && thrown.code === 'ABORTED' && thrown.provider === provider) return thrown;
      return kit.fromFacts(definition.describe(thrown, context), context);
    },
    fromFacts(described, context = {}) {
      const { name, signal } = context;
      const secrets = secretsOf(context.values);
      const facts = withoutEchoes(described, secrets);
      const cause = cleanCause(facts, secrets);
      const base = { ...(name === undefined ? {} : { name }), cause };
      if (signal?.aborted === true || facts.name === 'AbortError') {
        return error('ABORTED', `${label}: reading ${subject(name)} was aborted`, base);
      }
      const code = kit.codeFor(facts);
      const retryAfterMs =
        code === 'THROTTLED' || code === 'UNAVAILABLE' ? parseRetryAfter(facts.retryAfter) : undefined;
      const options: BuildOptions = {
        ...base,
        ...(facts.status === undefined ? {} : { statusCode: facts.status }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
      return error(code, messageFor(label, code, facts, subject(name)), options);
    },
  };
  return kit;
}

/**
 * `facts` without the identifiers that carry a credential or a value of the call: a hostile server
 * chooses exception names, codes and request ids, and may echo what it was sent in them.
 */
function withoutEchoes(facts: ErrorFacts, secrets: readonly (string | undefined)[]): ErrorFacts {
  const echoes = (value: string | undefined) =>
    value !== undefined && scrubCredentials(value, secrets) !== value;
  const copy: ErrorFacts = { ...facts };
  if (echoes(copy.name)) copy.name = 'Error';
  for (const key of ['serviceCode', 'innerCode', 'systemCode', 'requestId'] as const) {
    if (echoes(copy[key])) delete copy[key];
  }
  return copy;
}

/** `AWS Secrets Manager: secret "db" was not found (ResourceNotFoundException, HTTP 400)`. */
function messageFor(label: string, code: SecretsErrorCode, facts: ErrorFacts, subject: string): string {
  const detail = [
    safeIdentifier(facts.serviceCode) ??
      (facts.status === undefined && facts.systemCode === undefined ? safeIdentifier(facts.name) : undefined),
    safeIdentifier(facts.innerCode),
    facts.status === undefined ? undefined : `HTTP ${facts.status}`,
    safeIdentifier(facts.systemCode),
  ]
    .filter(Boolean)
    .join(', ');
  const tail = detail === '' ? '' : ` (${detail})`;
  if (code === 'NOT_FOUND') return `${label}: secret ${subject} was not found${tail}`;
  if (facts.malformedBody) return `${label}: the answer for ${subject} was malformed${tail}`;
  const unanswered =
    facts.noResponse === true ||
    isNoResponseCode(facts.systemCode) ||
    (facts.status === undefined && facts.serviceCode === undefined);
  if (code === 'UNAVAILABLE' && unanswered) {
    return `${label}: no answer for ${subject}, the connection failed${tail}`;
  }
  return `${label}: ${PHRASES[code]} for ${subject}${tail}`;
}
