// createVaultEventsFake: a fake of Vault's event stream on a loopback port — the WebSocket upgrade
// of GET /v1/sys/events/subscribe/<type>?json=true with X-Vault-Token checked, JSON text frames
// for the events published, refused handshakes and dropped connections — on the fake kit's call log
// and fault queue. Loopback only; nothing it receives goes anywhere.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type CallLog, createCallLog, createFaultQueue, type FailNextOptions } from '@secretkit/fake-kit';
import { acceptKey, OPCODE, readClientFrames, serverFrame } from './events-ws-frames.js';

export interface VaultEventsFakeOptions {
  /** Tokens the fake accepts (others are refused with 403). @default ['test-only-token'] */
  tokens?: readonly string[];
  /** Also accepts a token this says yes to (e.g. one the Vault fake issued at a login). @default none */
  accepts?: (token: string) => boolean;
}

export interface VaultEventsFakeCall {
  /** The event type subscribed to (the path after `sys/events/subscribe/`). */
  eventType: string;
  /** 101 for a subscription, else the HTTP status the handshake was refused with. */
  status: number;
  /** The X-Vault-Token sent (a test fake's log: test tokens only). */
  token?: string;
  json: boolean;
  namespace?: string;
}

export interface VaultEventsSubscription {
  readonly eventType: string;
  readonly namespace: string | undefined;
}

export interface VaultEventsFake {
  /** Starts listening on 127.0.0.1; resolves with `http://127.0.0.1:<port>`. */
  listen(): Promise<string>;
  /** Closes every connection and the server. */
  close(): Promise<void>;
  /** Drops every connection, forgets calls and faults; the accepted tokens are kept. */
  reset(): void;
  /** Accepts this token from now on (a re-login's new token); with `only`, refuses the others. */
  acceptToken(token: string, options?: { only?: boolean }): void;
  /** Sends `event` (its JSON, or the text as is) to every subscription whose pattern matches its `data.event_type`. Returns how many got it. */
  publish(event: object | string): number;
  /** The subscriptions open now. */
  subscriptions(): VaultEventsSubscription[];
  /** Drops every open connection without a close frame (the network path broke). */
  dropConnections(): number;
  /** The next handshake(s) are refused with this HTTP status. */
  refuseNext(status: number, options?: FailNextOptions<string>): void;
  readonly calls: CallLog<VaultEventsFakeCall>;
}

const SUBSCRIBE = /^\/v1\/sys\/events\/subscribe\/(.+)$/;

interface Subscriber {
  socket: Socket;
  pattern: RegExp;
  eventType: string;
  namespace: string | undefined;
}

export function createVaultEventsFake(options: VaultEventsFakeOptions = {}): VaultEventsFake {
  const tokens = new Set(options.tokens ?? ['test-only-token']);
  const calls = createCallLog<VaultEventsFakeCall>();
  const refusals = createFaultQueue<number, string>();
  const subscribers = new Set<Subscriber>();
  let server: Server | undefined;

  function upgrade(request: IncomingMessage, socket: Socket) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = SUBSCRIBE.exec(url.pathname);
    const eventType = match ? decodeURIComponent(match[1]!) : '';
    const json = url.searchParams.get('json') === 'true';
    const namespace = header(request, 'x-vault-namespace');
    const token = header(request, 'x-vault-token');
    const call = {
      eventType,
      json,
      ...(namespace === undefined ? {} : { namespace }),
      ...(token === undefined ? {} : { token }),
    };
    const accepted = token !== undefined && (tokens.has(token) || options.accepts?.(token) === true);
    const refusal = refusals.take(eventType);
    const status = refusal ?? (match === null ? 404 : accepted ? undefined : 403);
    const key = header(request, 'sec-websocket-key');
    if (status !== undefined || key === undefined) {
      calls.record({ ...call, status: status ?? 400 });
      socket.end(
        `HTTP/1.1 ${status ?? 400} Refused\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"errors":["permission denied"]}`,
      );
      return;
    }
    calls.record({ ...call, status: 101 });
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    );
    const subscriber: Subscriber = { socket, pattern: globPattern(eventType), eventType, namespace };
    subscribers.add(subscriber);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readClientFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const frame of frames) {
        if (frame.opcode === OPCODE.ping) socket.write(serverFrame(OPCODE.pong, frame.payload));
        if (frame.opcode === OPCODE.close) {
          socket.end(serverFrame(OPCODE.close, frame.payload.subarray(0, 2)));
          subscribers.delete(subscriber);
        }
      }
    });
    socket.on('close', () => subscribers.delete(subscriber));
    socket.on('error', () => subscribers.delete(subscriber));
  }

  const dropAll = () => {
    const open = [...subscribers];
    for (const subscriber of open) subscriber.socket.destroy();
    subscribers.clear();
    return open.length;
  };

  return {
    async listen() {
      server ??= createServer((_, response) => {
        response.statusCode = 404;
        response.end();
      });
      server.on('upgrade', (request, socket) => upgrade(request, socket as Socket));
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      dropAll();
      const closing = server;
      server = undefined;
      if (closing) await new Promise((resolve) => closing.close(resolve));
    },
    reset() {
      dropAll();
      calls.clear();
      refusals.clear();
    },
    acceptToken(token, acceptOptions = {}) {
      if (acceptOptions.only) tokens.clear();
      tokens.add(token);
    },
    publish(event) {
      const text = typeof event === 'string' ? event : JSON.stringify(event);
      const type = typeof event === 'string' ? undefined : eventTypeOf(event);
      let delivered = 0;
      for (const subscriber of subscribers) {
        if (type !== undefined && !subscriber.pattern.test(type)) continue;
        subscriber.socket.write(serverFrame(OPCODE.text, Buffer.from(text, 'utf8')));
        delivered++;
      }
      return delivered;
    },
    subscriptions: () => [...subscribers].map(({ eventType, namespace }) => ({ eventType, namespace })),
    dropConnections: dropAll,
    refuseNext: (status, failOptions) => refusals.failNext(status, failOptions),
    calls,
  };
}

/** A Vault event-type pattern (`kv*`, `kv-v2/data-*`) as a whole-string RegExp. */
function globPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function eventTypeOf(event: object): string | undefined {
  const type = (event as { data?: { event_type?: unknown } }).data?.event_type;
  return typeof type === 'string' ? type : undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** A fresh event id, as Vault gives each event. */
export function eventId(): string {
  return randomUUID();
}
