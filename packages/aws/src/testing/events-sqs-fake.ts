// createSqsFake: a fake of Amazon SQS's JSON protocol (POST with X-Amz-Target: AmazonSQS.*), the
// wire `@aws-sdk/client-sqs` speaks, on the fake kit: long-polled ReceiveMessage with visibility
// timeouts and MD5 of bodies, DeleteMessage, SendMessage, injected faults and dropped long polls.
import { randomUUID } from 'node:crypto';
import type { CallLog, Clock, FailNextOptions, FakeEndpoint } from '@secretkit/fake-kit';
import { createCallLog, createFakeServer, createFaultQueue, fakeEndpoint } from '@secretkit/fake-kit';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type FakeQueue, FakeQueues, type FakeSqsMessage } from './events-sqs-queues.js';

export const SQS_OPERATIONS = ['ReceiveMessage', 'DeleteMessage', 'SendMessage'] as const;
export type SqsOperation = (typeof SQS_OPERATIONS)[number];

export interface SqsFakeOptions {
  /** @default 'us-east-1' */
  region?: string;
  /** The account in queue URLs. @default '123456789012' */
  accountId?: string;
  /** Where received messages' invisibility and long polls read time. @default Date.now() */
  clock?: Clock;
}

export interface SqsFakeCall {
  operation: SqsOperation | 'Unknown';
  queueUrl?: string;
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
  exception?: string;
  /** Messages a ReceiveMessage returned. */
  received?: number;
}

/** A fault for the next matching request: an SQS exception, or `'NetworkError'` (a dropped connection). */
export interface SqsFault {
  exception: string;
  status: number;
}

export interface SqsFake extends FakeEndpoint<HttpHandler> {
  /** `https://sqs.<region>.amazonaws.com`. */
  readonly endpoint: string;
  /** Forgets queues, faults, calls and unhandled requests; held long polls are answered empty. */
  reset(): void;
  /** Creates a queue (or returns the one of that name) and returns its URL. */
  createQueue(name: string, options?: { visibilityTimeout?: number }): string;
  /** Puts a message on a queue (by URL or name), as EventBridge would; returns its MessageId. */
  send(queue: string, body: string): string;
  /** Puts an event on a queue as EventBridge delivers it to an SQS target: its JSON as the body. */
  sendEvent(queue: string, event: unknown): string;
  /** Messages still on a queue, visible or in flight (received, not deleted). */
  depth(queue: string): number;
  /** The next matching request(s) fail with `exception` (`'NetworkError'`: the connection drops). */
  failNext(exception: string, options?: FailNextOptions<SqsOperation> & { status?: number }): void;
  /** Every long poll waiting right now gets a dropped connection, as when a network path breaks. */
  dropOpenPolls(): number;
  readonly calls: CallLog<SqsFakeCall>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** The legacy query error codes SQS sends beside the JSON exception name (x-amzn-query-error). */
const QUERY_CODES: Readonly<Record<string, string>> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};
const TARGET_PREFIX = 'AmazonSQS.';

export function createSqsFake(options: SqsFakeOptions = {}): SqsFake {
  const region = options.region ?? 'us-east-1';
  const endpoint = `https://sqs.${region}.amazonaws.com`;
  const queues = new FakeQueues(`${endpoint}/${options.accountId ?? '123456789012'}`);
  // Read at each call: fake timers replace the global Date after the fake is made.
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const faults = createFaultQueue<SqsFault, SqsOperation>();
  const calls = createCallLog<SqsFakeCall>();
  const openPolls = new Set<() => void>();

  const handler = http.post(`${endpoint}/`, async ({ request }) => {
    const target = request.headers.get('x-amz-target') ?? '';
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const operation = (SQS_OPERATIONS as readonly string[]).includes(name)
      ? (name as SqsOperation)
      : 'Unknown';
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    const queueUrl = typeof body.QueueUrl === 'string' ? body.QueueUrl : undefined;
    const call: SqsFakeCall = { operation, ...(queueUrl === undefined ? {} : { queueUrl }), status: 200 };
    if (operation === 'Unknown') return exception(call, 'UnsupportedOperation', 400);
    if (!request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256')) {
      return exception(call, 'MissingAuthenticationToken', 400);
    }
    const fault = faults.take(operation);
    if (fault?.exception === 'NetworkError') return dropped(call);
    if (fault) return exception(call, fault.exception, fault.status);
    const queue = queueUrl === undefined ? undefined : queues.find(queueUrl);
    if (queue === undefined) return exception(call, 'QueueDoesNotExist', 400);
    if (operation === 'SendMessage') {
      const message = queues.add(queue, String(body.MessageBody ?? ''));
      return answer(call, { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody });
    }
    if (operation === 'DeleteMessage') {
      if (!queues.delete(queue, String(body.ReceiptHandle))) {
        return exception(call, 'ReceiptHandleIsInvalid', 400);
      }
      return answer(call, {});
    }
    const messages = await longPoll(queue, body, request.signal);
    if (messages === 'dropped') return dropped(call);
    return answer(
      { ...call, received: messages.length },
      messages.length === 0 ? {} : { Messages: messages.map(wire) },
    );
  });

  /** Waits (up to WaitTimeSeconds) for visible messages, woken by a send or a message turning visible. */
  async function longPoll(
    queue: FakeQueue,
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<FakeSqsMessage[] | 'dropped'> {
    const max = clamp(body.MaxNumberOfMessages, 1, 10, 1);
    const visibility = clamp(body.VisibilityTimeout, 0, 43_200, queue.visibilityTimeout);
    const deadline = clock.now() + clamp(body.WaitTimeSeconds, 0, 20, 0) * 1000;
    for (;;) {
      const taken = queues.receive(queue, max, visibility, clock.now());
      if (taken.length > 0 || clock.now() >= deadline || signal.aborted) return taken;
      const outcome = await new Promise<'woken' | 'dropped'>((resolve) => {
        const visibleAt = queues.nextVisibleAt(queue, clock.now()) ?? Number.POSITIVE_INFINITY;
        const timer = setTimeout(
          () => done('woken'),
          Math.max(0, Math.min(deadline, visibleAt) - clock.now()),
        );
        const wake = () => done('woken');
        const drop = () => done('dropped');
        function done(result: 'woken' | 'dropped') {
          clearTimeout(timer);
          queue.waiters.delete(wake);
          openPolls.delete(drop);
          signal.removeEventListener('abort', wake);
          resolve(result);
        }
        queue.waiters.add(wake);
        openPolls.add(drop);
        signal.addEventListener('abort', wake, { once: true });
      });
      if (outcome === 'dropped') return 'dropped';
    }
  }

  function answer(call: SqsFakeCall, json: Record<string, unknown>) {
    calls.record(call);
    return HttpResponse.json(json, { headers: headers() });
  }

  function exception(call: SqsFakeCall, name: string, status: number) {
    calls.record({ ...call, status, exception: name });
    return HttpResponse.json(
      { __type: `com.amazonaws.sqs#${name}`, message: `fake SQS: ${name}` },
      {
        status,
        headers: {
          ...headers(),
          'x-amzn-query-error': `${QUERY_CODES[name] ?? name};${status >= 500 ? 'Receiver' : 'Sender'}`,
        },
      },
    );
  }

  function dropped(call: SqsFakeCall) {
    calls.record({ ...call, status: 0, exception: 'NetworkError' });
    return HttpResponse.error();
  }

  const host = createFakeServer([handler]);
  return {
    ...fakeEndpoint<HttpHandler>(host, endpoint, [queues, faults, calls]),
    createQueue: (name, queueOptions = {}) => queues.create(name, queueOptions.visibilityTimeout).url,
    send(queue, body) {
      const found = queues.find(queue);
      if (found === undefined) throw new Error(`the SQS fake has no queue "${queue}"`);
      return queues.add(found, body).messageId;
    },
    sendEvent(queue, event) {
      return this.send(queue, JSON.stringify(event));
    },
    depth: (queue) => queues.find(queue)?.messages.length ?? 0,
    failNext(name, failOptions = {}) {
      const { status, ...rest } = failOptions;
      faults.failNext({ exception: name, status: status ?? 400 }, rest);
    },
    dropOpenPolls() {
      const open = [...openPolls];
      for (const drop of open) drop();
      return open.length;
    },
    calls,
  };
}

function wire(message: FakeSqsMessage) {
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
}

function headers(): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value)
    ? Math.min(max, Math.max(min, value))
    : fallback;
}
