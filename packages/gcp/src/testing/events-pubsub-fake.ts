// createPubSubFake: a fake of Pub/Sub's Subscriber gRPC service on 127.0.0.1 — StreamingPull (the
// bidirectional stream `@google-cloud/pubsub` receives on), Acknowledge and ModifyAckDeadline —
// loaded from the .proto files the SDK ships, on the fake kit's call log and fault queue. Leased
// messages go back to the queue when their stream ends or they are nacked.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type CallLog, createCallLog, createFaultQueue, type FailNextOptions } from '@secretkit/fake-kit';
import { bindLoopback, loadGrpcPackage, protosBeside, requireFromHere } from './grpc-loopback.js';

export type PubSubRpc = 'StreamingPull' | 'Acknowledge' | 'ModifyAckDeadline';

export interface PubSubFakeCall {
  rpc: PubSubRpc;
  subscription: string;
  /** 0 (OK) or the gRPC status the call ended with. */
  status: number;
  ackIds?: number;
}

export interface PubSubFakeMessage {
  attributes?: Record<string, string>;
  /** The message data: text (UTF-8), bytes, or an object sent as its JSON. */
  data?: string | Uint8Array | object;
}

export interface PubSubFake {
  /** Starts the gRPC server; resolves with the `apiEndpoint` for `new PubSub({ apiEndpoint })`. */
  start(): Promise<string>;
  close(): Promise<void>;
  /** Forgets subscriptions, messages, faults and calls; ends open streams. */
  reset(): void;
  /** Creates a subscription (`projects/<p>/subscriptions/<s>`). */
  createSubscription(name: string): void;
  /** Publishes a message to a subscription; returns its message id. */
  publish(subscription: string, message: PubSubFakeMessage): string;
  /** Messages not yet acknowledged (queued or leased). */
  unacked(subscription: string): number;
  /** StreamingPull streams open now. */
  openStreams(): number;
  /** Ends every open stream with `status` (default UNAVAILABLE: the SDK reconnects by itself). */
  endStreams(status?: number): number;
  /** The next matching call(s) of `rpc` fail with this gRPC status. */
  failNext(rpc: PubSubRpc, status: number, options?: Omit<FailNextOptions<PubSubRpc>, 'match'>): void;
  readonly calls: CallLog<PubSubFakeCall>;
}

const STATUS = { OK: 0, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;

interface Stored {
  id: string;
  data: Buffer;
  attributes: Record<string, string>;
  publishedAt: Date;
  ackId: string | undefined;
  leasedBy: Stream | undefined;
  attempts: number;
}

interface Stream {
  subscription: string;
  write(response: unknown): void;
  end(status: number, details: string): void;
}

type Duplex = {
  on(event: 'data', listener: (request: Record<string, unknown>) => void): void;
  on(event: 'end' | 'cancelled' | 'error', listener: () => void): void;
  write(response: unknown): boolean;
  end(): void;
  /** grpc-js ends a server stream with a status by its `error` event. */
  emit(event: 'error', error: { code: number; details: string }): boolean;
};
type Callback = (error: { code: number; details: string } | null, response?: unknown) => void;

function protoDirs(): string[] {
  const pubsub = requireFromHere().resolve('@google-cloud/pubsub');
  const gax = createRequire(pubsub).resolve('google-gax');
  return [protosBeside(pubsub), protosBeside(gax)];
}

export function createPubSubFake(): PubSubFake {
  const subscriptions = new Map<string, Stored[]>();
  const streams = new Set<Stream>();
  const calls = createCallLog<PubSubFakeCall>();
  const faults = createFaultQueue<number, PubSubRpc>();
  let server: import('@grpc/grpc-js').Server | undefined;

  /** Hands every queued message of `subscription` to one of its open streams. */
  function deliver(subscription: string) {
    const open = [...streams].filter((stream) => stream.subscription === subscription);
    if (open.length === 0) return;
    const queued = (subscriptions.get(subscription) ?? []).filter(
      (message) => message.leasedBy === undefined,
    );
    queued.forEach((message, index) => {
      const stream = open[index % open.length]!;
      message.ackId = randomUUID();
      message.leasedBy = stream;
      message.attempts++;
      stream.write({
        receivedMessages: [
          {
            ackId: message.ackId,
            message: {
              data: message.data,
              attributes: message.attributes,
              messageId: message.id,
              publishTime: { seconds: String(Math.floor(message.publishedAt.getTime() / 1000)), nanos: 0 },
            },
            deliveryAttempt: message.attempts,
          },
        ],
      });
    });
  }

  function acknowledge(subscription: string, ackIds: readonly string[]) {
    const messages = subscriptions.get(subscription);
    if (messages === undefined) return;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (ackIds.includes(messages[i]!.ackId ?? '')) messages.splice(i, 1);
    }
  }

  /** A nack (deadline 0) or an ended stream: the message is queued again. */
  function release(subscription: string, which: (message: Stored) => boolean) {
    for (const message of subscriptions.get(subscription) ?? []) {
      if (message.leasedBy !== undefined && which(message)) {
        message.leasedBy = undefined;
        message.ackId = undefined;
      }
    }
    deliver(subscription);
  }

  function streamingPull(call: Duplex) {
    let stream: Stream | undefined;
    call.on('data', (request) => {
      const ackIds = (request.ackIds as string[] | undefined) ?? [];
      if (stream === undefined) {
        const subscription = String(request.subscription ?? '');
        const fault = faults.take('StreamingPull');
        const status = fault ?? (subscriptions.has(subscription) ? undefined : STATUS.NOT_FOUND);
        if (status !== undefined) {
          calls.record({ rpc: 'StreamingPull', subscription, status });
          call.emit('error', { code: status, details: `fake Pub/Sub: status ${status}` });
          return;
        }
        calls.record({ rpc: 'StreamingPull', subscription, status: STATUS.OK });
        stream = {
          subscription,
          write: (response) => call.write(response),
          end: (code, details) => call.emit('error', { code, details }),
        };
        streams.add(stream);
        deliver(subscription);
      }
      if (ackIds.length > 0) acknowledge(stream.subscription, ackIds);
    });
    const closed = () => {
      if (stream === undefined || !streams.delete(stream)) return;
      const ended = stream;
      release(ended.subscription, (message) => message.leasedBy === ended);
    };
    call.on('end', closed);
    call.on('cancelled', closed);
    call.on('error', closed);
  }

  function unary(rpc: PubSubRpc, run: (request: Record<string, unknown>) => void) {
    return (call: { request: Record<string, unknown> }, callback: Callback) => {
      const subscription = String(call.request.subscription ?? '');
      const ackIds = ((call.request.ackIds as string[] | undefined) ?? []).length;
      const status = faults.take(rpc) ?? (subscriptions.has(subscription) ? STATUS.OK : STATUS.NOT_FOUND);
      calls.record({ rpc, subscription, status, ackIds });
      if (status !== STATUS.OK) return callback({ code: status, details: `fake Pub/Sub: status ${status}` });
      run(call.request);
      callback(null, {});
    };
  }

  const fake: PubSubFake = {
    async start() {
      const { grpc, loaded } = await loadGrpcPackage<{
        google: { pubsub: { v1: { Subscriber: { service: import('@grpc/grpc-js').ServiceDefinition } } } };
      }>('google/pubsub/v1/pubsub.proto', protoDirs);
      server = new grpc.Server();
      server.addService(loaded.google.pubsub.v1.Subscriber.service, {
        StreamingPull: streamingPull,
        Acknowledge: unary('Acknowledge', (request) =>
          acknowledge(String(request.subscription), (request.ackIds as string[] | undefined) ?? []),
        ),
        ModifyAckDeadline: unary('ModifyAckDeadline', (request) => {
          if (Number(request.ackDeadlineSeconds ?? 0) !== 0) return;
          const ackIds = (request.ackIds as string[] | undefined) ?? [];
          release(String(request.subscription), (message) => ackIds.includes(message.ackId ?? ''));
        }),
      } as unknown as import('@grpc/grpc-js').UntypedServiceImplementation);
      const port = await bindLoopback(grpc, server);
      return `localhost:${port}`;
    },
    async close() {
      fake.reset();
      const closing = server;
      server = undefined;
      if (closing) closing.forceShutdown();
    },
    reset() {
      for (const stream of [...streams]) stream.end(STATUS.UNAVAILABLE, 'fake Pub/Sub reset');
      streams.clear();
      subscriptions.clear();
      faults.clear();
      calls.clear();
    },
    createSubscription(name) {
      if (!subscriptions.has(name)) subscriptions.set(name, []);
    },
    publish(subscription, message) {
      const messages = subscriptions.get(subscription);
      if (messages === undefined) throw new Error(`the Pub/Sub fake has no subscription "${subscription}"`);
      const { data } = message;
      const bytes =
        data === undefined
          ? Buffer.alloc(0)
          : typeof data === 'string'
            ? Buffer.from(data, 'utf8')
            : data instanceof Uint8Array
              ? Buffer.from(data)
              : Buffer.from(JSON.stringify(data), 'utf8');
      const id = String(Math.floor(Math.random() * 1e15));
      messages.push({
        id,
        data: bytes,
        attributes: { ...(message.attributes ?? {}) },
        publishedAt: new Date(),
        ackId: undefined,
        leasedBy: undefined,
        attempts: 0,
      });
      deliver(subscription);
      return id;
    },
    unacked: (subscription) => subscriptions.get(subscription)?.length ?? 0,
    openStreams: () => streams.size,
    endStreams(status = STATUS.UNAVAILABLE) {
      const open = [...streams];
      for (const stream of open) stream.end(status, 'fake Pub/Sub: stream ended');
      return open.length;
    },
    failNext: (rpc, status, options) =>
      faults.failNext(status, { ...options, match: (request) => request === rpc }),
    calls,
  };
  return fake;
}
