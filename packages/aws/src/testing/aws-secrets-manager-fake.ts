// createAwsSecretsManagerFake: a fake of the Secrets Manager JSON protocol (POST with X-Amz-Target),
// driven by the real SDK, on the fake kit: in-process (msw) or on a loopback socket for another
// process, with the kit's recording catch-all so no request leaves the process.
import { randomUUID } from 'node:crypto';
import {
  type CallLog,
  type Clock,
  createCallLog,
  createFakeServer,
  type FakeHost,
  type SocketListener,
  type UnhandledRequest,
} from '@secretkit/fake-kit';
import { type HttpHandler, HttpResponse, http, type JsonBodyType } from 'msw';
import { createAwsFaults, type FailNextOptions, type RawResponder } from './fake-faults.js';
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
  /** Where the fake reads time (CreatedDate, deletion dates): `createFakeClock()` to pin or move it. @default Date.now() */
  clock?: Clock;
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
  /** The exception answered, if any (`'NetworkError'` for a drop, `'RawAnswer'` for an `answerNext`). */
  exception?: string;
}

export interface FakeCalls {
  /** Every request in arrival order. */
  readonly log: ReadonlyArray<Readonly<FakeCall>>;
  /** Requests of one operation (or all of them). */
  count(operation?: AwsOperation): number;
  /** Requests per operation. */
  readonly byOperation: Readonly<Record<AwsOperation, number>>;
}

export interface AwsSecretsManagerFake {
  /** The handlers, the catch-all last: for your own `setupServer` (listen with `onUnhandledFrame: 'error'`). */
  readonly handlers: ReadonlyArray<HttpHandler>;
  /** The fake kit's host the fake runs on (`use()` extra handlers, both modes). */
  readonly host: FakeHost;
  readonly region: string;
  readonly endpoint: string;
  /** Answers this process's requests to `endpoint` (msw in-process, `onUnhandledFrame: 'error'`). */
  listen(): void;
  /**
   * Answers on `http://127.0.0.1:<port>` too (real-socket mode), so another process can use the fake:
   * point its client's `endpoint` at the returned `url`. Close it, or `close()` the fake.
   */
  listenOnSocket(options?: { port?: number }): Promise<SocketListener>;
  /** Stops answering, in-process and on every socket; settles when the ports are free. */
  close(): Promise<void>;
  /** Forgets every secret, fault, call and unhandled request, and handlers added with `host.use()`. */
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
  /**
   * The next matching request(s) get `respond(request)` as is: a proxy's HTML page, a truncated body,
   * a server echoing what it was sent. Queued with the `failNext` faults, oldest first.
   */
  answerNext(respond: RawResponder, options?: Pick<FailNextOptions, 'times' | 'operations'>): void;
  readonly calls: FakeCalls;
  /** Requests no handler matched (they got a network error, or a dropped connection on a socket). */
  readonly unhandledRequests: ReadonlyArray<UnhandledRequest>;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';

export function createAwsSecretsManagerFake(
  options: AwsSecretsManagerFakeOptions = {},
): AwsSecretsManagerFake {
  const region = options.region ?? 'us-east-1';
  const endpoint = new URL(options.endpoint ?? `https://secretsmanager.${region}.amazonaws.com`).origin;
  const listPageSize = options.listPageSize ?? 100;
  const clock = options.clock ?? Date;
  const store = new FakeSecretStore(region);
  const faults = createAwsFaults();
  const log: CallLog<FakeCall> = createCallLog<FakeCall>();

  const serviceHandler = http.post(`${endpoint}/`, async ({ request }) => {
    const target = request.headers.get('x-amz-target') ?? '';
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const body = (await request
      .clone()
      .json()
      .catch(() => ({}))) as Record<string, unknown>;
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
    const fault = faults.take({ operation: call.operation as AwsOperation, secretId: call.secretId });
    if (fault?.kind === 'drop') {
      log.record({ ...call, status: 0, exception: 'NetworkError' });
      return HttpResponse.error();
    }
    if (fault?.kind === 'raw') {
      const response = await fault.respond(request);
      log.record({ ...call, status: response.status, exception: 'RawAnswer' });
      return response;
    }
    if (fault) {
      const { exceptionName, message, status, retryAfterSeconds } = fault;
      return answerError(call, exceptionName, message, status, retryAfterSeconds);
    }
    try {
      const handle = OPERATIONS[call.operation as AwsOperation] as (
        request: unknown,
        context: { store: FakeSecretStore; now: Date; listPageSize: number },
      ) => JsonBodyType;
      const answer = handle(body, { store, now: new Date(clock.now()), listPageSize });
      log.record(call);
      return HttpResponse.json(answer, { headers: awsHeaders() });
    } catch (error) {
      if (!(error instanceof FakeException)) throw error;
      return answerError(call, error.type, error.message, error.status);
    }
  });

  function answerError(call: FakeCall, type: string, message: string, status: number, retryAfter?: number) {
    log.record({ ...call, status, exception: type });
    const headers = {
      ...awsHeaders(),
      ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
    };
    return HttpResponse.json({ __type: type, message }, { status, headers });
  }

  const host = createFakeServer([serviceHandler]);

  const calls: FakeCalls = {
    log: log.log,
    count: (operation) => log.count(operation === undefined ? undefined : { operation }),
    get byOperation() {
      return Object.fromEntries(
        AWS_OPERATIONS.map((operation) => [operation, log.count({ operation })]),
      ) as Record<AwsOperation, number>;
    },
  };

  function existing(name: string) {
    const secret = store.find(name);
    if (!secret) throw new Error(`the fake holds no secret "${name}"`);
    return secret;
  }

  return {
    handlers: host.handlers as ReadonlyArray<HttpHandler>,
    host,
    region,
    endpoint,
    listen: () => host.listen(),
    listenOnSocket: (socketOptions = {}) => host.listenOnSocket({ ...socketOptions, origin: endpoint }),
    close: () => host.close(),
    reset() {
      store.clear();
      faults.clear();
      log.clear();
      host.reset();
    },
    put(name, value) {
      const now = new Date(clock.now());
      const secret = store.find(name) ?? store.create(name, now);
      delete secret.deletedDate;
      return store.addVersion(secret, value, [CURRENT], now).id;
    },
    rotate(name, value) {
      const secret = existing(name);
      const now = new Date(clock.now());
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
    arnOf: (name) => existing(name).arn,
    failNext: (exceptionName, failOptions) => faults.failNext(exceptionName, failOptions),
    answerNext: (respond, answerOptions) => faults.answerNext(respond, answerOptions),
    calls,
    unhandledRequests: host.unhandledRequests,
  };
}

function awsHeaders(): Record<string, string> {
  return { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
}
