// createAwsSecretsManagerFake: an msw fake of the Secrets Manager JSON protocol (POST with
// X-Amz-Target), driven by the real SDK. Ends with a catch-all so no request leaves the process.
import { randomUUID } from 'node:crypto';
import { type HttpHandler, HttpResponse, http, type JsonBodyType } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { type FailNextOptions, FaultQueue, NETWORK_ERROR } from './fake-faults.js';
import { FakeException, OPERATIONS } from './fake-operations.js';
import { CURRENT, FakeSecretStore, moveStage, PENDING } from './fake-store.js';
import { AWS_OPERATIONS, type AwsOperation } from './wire-types.js';

export interface AwsSecretsManagerFakeOptions {
  /** The region whose endpoint the fake answers. @default 'us-east-1' */
  region?: string;
  /** The endpoint the fake answers (match the client's `endpoint`). @default `https://secretsmanager.<region>.amazonaws.com` */
  endpoint?: string;
  /** Largest ListSecrets page the fake returns, whatever MaxResults asks. @default 100 */
  listPageSize?: number;
}

/** One request the fake answered. */
export interface FakeCall {
  operation: AwsOperation | 'Unknown';
  /** SecretId (or Name for CreateSecret), when the request had one. */
  secretId?: string;
  /** SecretIdList of a BatchGetSecretValue. */
  secretIds?: string[];
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
  /** The exception answered, if any. */
  exception?: string;
}

export interface FakeCalls {
  /** Every request in arrival order. */
  readonly log: ReadonlyArray<FakeCall>;
  /** Requests of one operation (or all of them). */
  count(operation?: AwsOperation): number;
  /** Requests per operation. */
  readonly byOperation: Readonly<Record<AwsOperation, number>>;
}

export interface AwsSecretsManagerFake {
  /** The msw handlers, the catch-all last: use them with your own `setupServer` (and `onUnhandledFrame: 'error'`). */
  readonly handlers: HttpHandler[];
  /** The server `listen()` started, if any. */
  readonly server: SetupServer | undefined;
  readonly region: string;
  readonly endpoint: string;
  /** Starts an msw server with the handlers and `onUnhandledFrame: 'error'`. */
  listen(): SetupServer;
  /** Stops the server `listen()` started. */
  close(): void;
  /** Forgets every secret, fault, call and unhandled request. */
  reset(): void;
  /** Writes a new AWSCURRENT version natively (creating the secret if needed); returns its VersionId. */
  put(name: string, value: string | Uint8Array): string;
  /** A rotation: a new AWSPENDING version becomes AWSCURRENT, the old current AWSPREVIOUS. Returns its VersionId. */
  rotate(name: string, value: string | Uint8Array): string;
  /** Deletes a secret at once (no recovery window); false when there was none. */
  remove(name: string): boolean;
  /** The ARN of a secret the fake holds. */
  arnOf(name: string): string;
  /** The next matching request(s) fail with `exceptionName` (`'NetworkError'` drops the connection). */
  failNext(exceptionName: string, options?: FailNextOptions): void;
  readonly calls: FakeCalls;
  /** Requests no handler matched (they were answered with a network error). */
  readonly unhandledRequests: ReadonlyArray<{ method: string; url: string }>;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function createAwsSecretsManagerFake(
  options: AwsSecretsManagerFakeOptions = {},
): AwsSecretsManagerFake {
  const region = options.region ?? 'us-east-1';
  const endpoint = new URL(options.endpoint ?? `https://secretsmanager.${region}.amazonaws.com`).origin;
  const listPageSize = options.listPageSize ?? 100;
  const store = new FakeSecretStore(region);
  const faults = new FaultQueue();
  const log: FakeCall[] = [];
  const unhandled: Array<{ method: string; url: string }> = [];
  let server: SetupServer | undefined;

  function answerError(call: FakeCall, type: string, message: string, status: number, retryAfter?: number) {
    log.push({ ...call, status, exception: type });
    return HttpResponse.json(
      { __type: type, message },
      {
        status,
        headers: {
          'content-type': JSON_CONTENT_TYPE,
          'x-amzn-requestid': randomUUID(),
          ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
        },
      },
    );
  }

  const serviceHandler = http.post(`${endpoint}/`, async ({ request }) => {
    const target = request.headers.get('x-amz-target') ?? '';
    const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    const known = (AWS_OPERATIONS as readonly string[]).includes(operation);
    const call: FakeCall = {
      operation: known ? (operation as AwsOperation) : 'Unknown',
      ...(typeof body.SecretId === 'string' ? { secretId: body.SecretId } : {}),
      ...(typeof body.Name === 'string' && body.SecretId === undefined ? { secretId: body.Name } : {}),
      ...(Array.isArray(body.SecretIdList) ? { secretIds: body.SecretIdList as string[] } : {}),
      status: 200,
    };
    if (!known) return answerError(call, 'UnknownOperationException', `Unknown operation ${target}`, 400);
    if (!request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256')) {
      return answerError(call, 'MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
    }
    const fault = faults.take(call.operation as AwsOperation, call.secretId);
    if (fault?.exceptionName === NETWORK_ERROR) {
      log.push({ ...call, status: 0, exception: NETWORK_ERROR });
      return HttpResponse.error();
    }
    if (fault)
      return answerError(call, fault.exceptionName, fault.message, fault.status, fault.retryAfterSeconds);
    try {
      const handle = OPERATIONS[call.operation as AwsOperation] as (
        request: unknown,
        context: { store: FakeSecretStore; now: Date; listPageSize: number },
      ) => JsonBodyType;
      const answer = handle(body, { store, now: new Date(), listPageSize });
      log.push(call);
      return HttpResponse.json(answer, {
        headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': randomUUID() },
      });
    } catch (error) {
      if (!(error instanceof FakeException)) throw error;
      return answerError(call, error.type, error.message, error.status);
    }
  });

  // The catch-all (DESIGN §7): anything else is recorded and answered with a network error.
  const catchAll = http.all('*', ({ request }) => {
    unhandled.push({ method: request.method, url: request.url });
    return HttpResponse.error();
  });

  const handlers = [serviceHandler, catchAll];

  const calls: FakeCalls = {
    log,
    count: (operation) =>
      operation === undefined ? log.length : log.filter((c) => c.operation === operation).length,
    get byOperation() {
      return Object.fromEntries(
        AWS_OPERATIONS.map((operation) => [operation, calls.count(operation)]),
      ) as Record<AwsOperation, number>;
    },
  };

  function existing(name: string) {
    const secret = store.find(name);
    if (!secret) throw new Error(`the fake holds no secret "${name}"`);
    return secret;
  }

  return {
    handlers,
    get server() {
      return server;
    },
    region,
    endpoint,
    listen() {
      server ??= setupServer(...handlers);
      server.listen({ onUnhandledFrame: 'error' });
      return server;
    },
    close() {
      server?.close();
      server = undefined;
    },
    reset() {
      store.clear();
      faults.clear();
      log.length = 0;
      unhandled.length = 0;
    },
    put(name, value) {
      const now = new Date();
      const secret = store.find(name) ?? store.create(name, now);
      delete secret.deletedDate;
      return store.addVersion(secret, value, [CURRENT], now).id;
    },
    rotate(name, value) {
      const secret = existing(name);
      const now = new Date();
      const pending = store.addVersion(secret, value, [PENDING], now); // createSecret step
      moveStage(secret, CURRENT, pending); // finishSecret: old current → AWSPREVIOUS
      pending.stages = pending.stages.filter((stage) => stage !== PENDING);
      return pending.id;
    },
    remove(name) {
      const secret = store.find(name);
      if (secret) store.delete(secret);
      return secret !== undefined;
    },
    arnOf(name) {
      return existing(name).arn;
    },
    failNext(exceptionName, failOptions) {
      faults.add(exceptionName, failOptions);
    },
    calls,
    unhandledRequests: unhandled,
  };
}
