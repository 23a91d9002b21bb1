// What the Key Vault fake can be told to do instead of answering as the service: fail with an error
// as Key Vault sends it, drop the connection, send a raw answer (a proxy page, a truncated body, an
// echo), or hold its answer for a while. Queued on the fake kit's fault queue.
import { waitOrAbort } from '@secretkit/core/adapter';
import { createFaultQueue, type FaultQueue } from '@secretkit/fake-kit';
import { HttpResponse } from 'msw';
import type { KeyVaultOperation } from './fake-types.js';

/** Options of `failNext`. */
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

/** A raw answer for `answerNext`: anything a server or a proxy in front of it could send. */
export interface RawAnswer {
  /** @default 200 */
  status?: number;
  /** Header pairs (a name may repeat) or a record. @default none (not even a content type) */
  headers?: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;
  body: string;
}

/** Which requests a queued answer or delay applies to. */
export interface NextOptions {
  /** How many matching requests. @default 1 */
  times?: number;
  /** Only these operations. @default every operation */
  operations?: KeyVaultOperation[];
}

/** An error the fake answers, as the service sends it: `{ error: { code, message, innererror } }`. */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A queued answer: an error (status 0: a dropped connection) or a raw answer. */
export type Fault = { kind: 'error'; error: FakeError } | { kind: 'raw'; answer: RawAnswer };

export const DEFAULT_MESSAGE: Readonly<Record<string, string>> = {
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

/** The fake's queues: answers instead of the service's, and delays before answering. */
export interface FakeFaults {
  readonly answers: FaultQueue<Fault, KeyVaultOperation>;
  readonly delays: FaultQueue<number, KeyVaultOperation>;
  clear(): void;
}

export function createFakeFaults(): FakeFaults {
  const answers = createFaultQueue<Fault, KeyVaultOperation>();
  const delays = createFaultQueue<number, KeyVaultOperation>();
  return {
    answers,
    delays,
    clear() {
      answers.clear();
      delays.clear();
    },
  };
}

/** The fault queue's options for `NextOptions`. */
export function queueOptions(options: NextOptions = {}) {
  const operations = options.operations === undefined ? undefined : [...options.operations];
  return {
    ...(options.times === undefined ? {} : { times: options.times }),
    ...(operations === undefined
      ? {}
      : { match: (operation: KeyVaultOperation) => operations.includes(operation) }),
  };
}

/** The FakeError `failNext(status, code, options)` queues. */
export function injectedError(status: number, code: string, options: FailNextOptions = {}): FakeError {
  const message =
    options.message ?? DEFAULT_MESSAGE[options.innerCode ?? code] ?? `${code} (injected by the fake)`;
  return new FakeError(status, code, message, options.innerCode, options.retryAfterSeconds);
}

/**
 * Every answer carries `connection: close`: msw's interceptor emits a second 'error' on a
 * kept-alive socket that a later request aborts, which the Azure SDK's http client does not
 * listen for, so an abort (core's timeout) of a request after an earlier answer on the same
 * socket became an uncaught AbortError in the user's test run (issue 11, defect 13).
 */
export function answerHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': crypto.randomUUID(),
    connection: 'close',
    ...extra,
  };
}

/** The response for a FakeError (status 0: the connection is dropped). */
export function errorResponse(error: FakeError): Response {
  if (error.status === 0) return HttpResponse.error();
  const extra: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return HttpResponse.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.innerCode ? { innererror: { code: error.innerCode } } : {}),
      },
    },
    { status: error.status, headers: answerHeaders(extra) },
  );
}

/** The response for a raw answer, exactly as given (plus `connection: close`). */
export function rawResponse(answer: RawAnswer): Response {
  const headers = new Headers();
  const given = answer.headers ?? [];
  const pairs = Array.isArray(given) ? given : Object.entries(given);
  for (const [name, value] of pairs as Array<readonly [string, string]>) headers.append(name, value);
  headers.set('connection', 'close');
  return new Response(answer.body, { status: answer.status ?? 200, headers });
}

/** Resolves after `ms` (fake timers drive it), or at once when `signal` aborts. */
export function holdAnswer(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return waitOrAbort(ms, signal);
}
