// Real-socket mode: a Node HTTP/1.1 server on 127.0.0.1 that answers with the fake's msw handlers
// (msw's getResponse), so another process can use the fake. Nothing it receives is forwarded anywhere.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getResponse, isPassthroughResponse, type RequestHandler } from 'msw';

/** A fake answering on a loopback port. */
export interface SocketListener {
  /** `http://127.0.0.1:<port>`: give it to the client under test (no trailing slash). */
  readonly url: string;
  /** The port on 127.0.0.1 (the one picked when `port: 0` was asked). */
  readonly port: number;
  /** Stops listening and drops open connections (keep-alive ones too); the port is free once it settles. */
  close(): Promise<void>;
}

export interface SocketAnswerer {
  /** The handlers to answer with, read per request (so `use()` and `resetHandlers()` apply). */
  handlers(): RequestHandler[];
  /** Records a request nothing answered (no handler, or a `passthrough()` that has nowhere to go). */
  recordUnhandled(request: Request): void;
}

// Hop-by-hop headers belong to the connection, not to the request the handlers see (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Starts listening on 127.0.0.1:`port`; requests are matched as if sent to `origin` (default: the socket's). */
export async function startSocketListener(
  port: number,
  origin: string | undefined,
  answerer: SocketAnswerer,
): Promise<SocketListener> {
  const connections = new Set<Socket>();
  let seenAs = '';
  const server = createServer((incoming, outgoing) => {
    // A failure past the handlers (a response body that errors) drops the connection, never the process.
    answer(incoming, outgoing, seenAs, answerer).catch(() => incoming.socket.destroy());
  });
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${bound}`;
  seenAs = origin ?? url;
  let closing: Promise<void> | undefined;
  return {
    url,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of connections) socket.destroy();
      });
      return closing;
    },
  };
}

async function answer(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  origin: string,
  answerer: SocketAnswerer,
): Promise<void> {
  const aborted = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) aborted.abort();
  });
  let request: Request | undefined;
  let response: Response | undefined;
  try {
    request = await toFetchRequest(incoming, origin, aborted.signal);
    response = await getResponse(answerer.handlers(), request);
  } catch (error) {
    // As msw does in-process: a handler that throws answers 500 with the error's name and message.
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    response = Response.json({ name, message }, { status: 500 });
  }
  if (response === undefined || isPassthroughResponse(response)) {
    if (request) answerer.recordUnhandled(request);
    incoming.socket.destroy();
    return;
  }
  // HttpResponse.error() (the catch-all, or a fake's injected network fault): drop the connection.
  if (response.type === 'error') {
    incoming.socket.destroy();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  outgoing.statusCode = response.status;
  if (response.statusText !== '') outgoing.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) outgoing.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies);
  outgoing.end(body);
}

async function toFetchRequest(
  incoming: IncomingMessage,
  origin: string,
  signal: AbortSignal,
): Promise<Request> {
  // Only the path and query are taken from the request line: an absolute-form target
  // (`GET https://elsewhere/ HTTP/1.1`) is still answered as `origin`, never as another host.
  const target = new URL(incoming.url ?? '/', 'http://placeholder.invalid');
  const headers = new Headers();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
    const name = incoming.rawHeaders[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, incoming.rawHeaders[i + 1]!);
  }
  const method = incoming.method ?? 'GET';
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`${origin}${target.pathname}${target.search}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}
