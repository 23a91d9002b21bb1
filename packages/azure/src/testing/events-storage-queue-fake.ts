// createStorageQueueFake: a fake of the Azure Storage queue REST API (Get Messages, Delete Message,
// Put Message; XML answers as the service sends them), the wire `@azure/storage-queue` speaks, on
// the fake kit. Messages become invisible for the visibility timeout when received.
import { randomUUID } from 'node:crypto';
import type { CallLog, FailNextOptions, FakeEndpoint } from '@secretkit/fake-kit';
import { createCallLog, createFakeServer, createFaultQueue, fakeEndpoint } from '@secretkit/fake-kit';
import { type HttpHandler, HttpResponse, http } from 'msw';

export type StorageQueueOperation = 'GetMessages' | 'DeleteMessage' | 'PutMessage';

export interface StorageQueueFakeCall {
  operation: StorageQueueOperation;
  queue: string;
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
  errorCode?: string;
  received?: number;
}

export interface StorageQueueFake extends FakeEndpoint<HttpHandler> {
  /** `https://<account>.queue.core.windows.net`. */
  readonly endpoint: string;
  /** Forgets queues, faults, calls and unhandled requests. */
  reset(): void;
  /** Creates a queue; returns its URL. */
  createQueue(name: string): string;
  /** Puts a message as Event Grid does: the event's JSON, Base64 encoded. Returns its id. */
  sendEvent(queue: string, event: unknown): string;
  /** Puts a message with this exact text. */
  send(queue: string, text: string): string;
  /** Messages on the queue, visible or not. */
  depth(queue: string): number;
  /** The next matching request(s) fail with this Storage error code (`'NetworkError'`: a dropped connection). */
  failNext(errorCode: string, options?: FailNextOptions<StorageQueueOperation> & { status?: number }): void;
  readonly calls: CallLog<StorageQueueFakeCall>;
}

interface StoredMessage {
  id: string;
  text: string;
  insertedAt: number;
  invisibleUntil: number;
  popReceipt: string | undefined;
  dequeueCount: number;
}

export function createStorageQueueFake(options: { account?: string } = {}): StorageQueueFake {
  const endpoint = `https://${options.account ?? 'fakeaccount'}.queue.core.windows.net`;
  const queues = new Map<string, StoredMessage[]>();
  const faults = createFaultQueue<{ code: string; status: number }, StorageQueueOperation>();
  const calls = createCallLog<StorageQueueFakeCall>();

  function gate(request: Request, call: StorageQueueFakeCall): Response | StoredMessage[] {
    const signed =
      request.headers.get('authorization')?.startsWith('Bearer ') === true ||
      new URL(request.url).searchParams.has('sig');
    if (!signed) return failure(call, 'NoAuthenticationInformation', 401);
    const fault = faults.take(call.operation);
    if (fault?.code === 'NetworkError') {
      calls.record({ ...call, status: 0, errorCode: 'NetworkError' });
      return HttpResponse.error();
    }
    if (fault) return failure(call, fault.code, fault.status);
    const messages = queues.get(call.queue);
    return messages ?? failure(call, 'QueueNotFound', 404);
  }

  function failure(call: StorageQueueFakeCall, code: string, status: number): Response {
    calls.record({ ...call, status, errorCode: code });
    const requestId = randomUUID();
    const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>fake: ${code}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
    return new HttpResponse(body, { status, headers: { ...headers(requestId), 'x-ms-error-code': code } });
  }

  const receive = http.get(`${endpoint}/:queue/messages`, ({ request, params }) => {
    const call: StorageQueueFakeCall = { operation: 'GetMessages', queue: String(params.queue), status: 200 };
    const messages = gate(request, call);
    if (messages instanceof Response) return messages;
    const query = new URL(request.url).searchParams;
    const max = Math.min(32, Math.max(1, Number(query.get('numofmessages') ?? 1)));
    const visibility = Number(query.get('visibilitytimeout') ?? 30);
    const now = Date.now();
    const taken = messages.filter((message) => message.invisibleUntil <= now).slice(0, max);
    for (const message of taken) {
      message.invisibleUntil = now + visibility * 1000;
      message.popReceipt = randomUUID();
      message.dequeueCount++;
    }
    calls.record({ ...call, received: taken.length });
    const items = taken.map((message) => messageXml(message)).join('');
    const body = `<?xml version="1.0" encoding="utf-8"?><QueueMessagesList>${items}</QueueMessagesList>`;
    return new HttpResponse(body, { status: 200, headers: headers() });
  });

  const remove = http.delete(`${endpoint}/:queue/messages/:id`, ({ request, params }) => {
    const call: StorageQueueFakeCall = {
      operation: 'DeleteMessage',
      queue: String(params.queue),
      status: 204,
    };
    const messages = gate(request, call);
    if (messages instanceof Response) return messages;
    const index = messages.findIndex((message) => message.id === params.id);
    if (index === -1) return failure(call, 'MessageNotFound', 404);
    if (messages[index]!.popReceipt !== new URL(request.url).searchParams.get('popreceipt')) {
      return failure(call, 'PopReceiptMismatch', 400);
    }
    messages.splice(index, 1);
    calls.record(call);
    return new HttpResponse(null, { status: 204, headers: headers() });
  });

  const host = createFakeServer([receive, remove]);

  function put(queue: string, text: string): string {
    const messages = queues.get(queue);
    if (messages === undefined) throw new Error(`the Storage queue fake has no queue "${queue}"`);
    const id = randomUUID();
    messages.push({
      id,
      text,
      insertedAt: Date.now(),
      invisibleUntil: 0,
      popReceipt: undefined,
      dequeueCount: 0,
    });
    return id;
  }

  return {
    ...fakeEndpoint<HttpHandler>(host, endpoint, [queues, faults, calls]),
    createQueue(name) {
      if (!queues.has(name)) queues.set(name, []);
      return `${endpoint}/${name}`;
    },
    sendEvent: (queue, event) => put(queue, Buffer.from(JSON.stringify(event), 'utf8').toString('base64')),
    send: put,
    depth: (queue) => queues.get(queue)?.length ?? 0,
    failNext(code, failOptions = {}) {
      const { status, ...rest } = failOptions;
      faults.failNext({ code, status: status ?? 500 }, rest);
    },
    calls,
  };
}

function messageXml(message: StoredMessage): string {
  const date = (ms: number) => new Date(ms).toUTCString();
  return (
    `<QueueMessage><MessageId>${message.id}</MessageId>` +
    `<InsertionTime>${date(message.insertedAt)}</InsertionTime>` +
    `<ExpirationTime>${date(message.insertedAt + 7 * 86_400_000)}</ExpirationTime>` +
    `<PopReceipt>${message.popReceipt}</PopReceipt>` +
    `<TimeNextVisible>${date(message.invisibleUntil)}</TimeNextVisible>` +
    `<DequeueCount>${message.dequeueCount}</DequeueCount>` +
    `<MessageText>${escapeXml(message.text)}</MessageText></QueueMessage>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function headers(requestId: string = randomUUID()): Record<string, string> {
  return {
    'content-type': 'application/xml',
    'x-ms-request-id': requestId,
    'x-ms-version': '2026-02-06',
    date: new Date().toUTCString(),
  };
}
