// A real node:http server on 127.0.0.1 (any free port) around one request listener, a client that
// resolves with the status, headers and body it got, and a raw socket for what a client cannot say.

import { createServer, type IncomingHttpHeaders, type RequestListener, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface LoopbackAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LoopbackRequest {
  /** @default 'POST' */
  method?: string;
  /** @default '/' */
  path?: string;
  /** Header values; an array sends the header once per value. */
  headers?: Record<string, string | string[]>;
  /** One string is sent with its content-length (whatever the method); several are sent chunked, one write each. */
  body?: string | string[];
}

export interface LoopbackServer {
  readonly port: number;
  /** Sends one request on a fresh connection. */
  send(request?: LoopbackRequest): Promise<LoopbackAnswer>;
  /** A raw TCP connection to the server, for requests a well-behaved client never sends. */
  rawConnection(): RawConnection;
  /** Drops every connection and resolves once the port is free. */
  close(): Promise<void>;
}

export interface RawConnection {
  readonly socket: Socket;
  /** Resolves with everything read so far once it contains `text`; rejects if the connection ends first. */
  readUntil(text: string): Promise<string>;
}

export async function serveOnLoopback(listener: RequestListener): Promise<LoopbackServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const { port } = address;
  return {
    port,
    send: (sent = {}) => send(port, sent),
    rawConnection: () => rawConnection(port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(port: number, sent: LoopbackRequest): Promise<LoopbackAnswer> {
  const { method = 'POST', path = '/', body } = sent;
  const headers =
    typeof body === 'string'
      ? { 'content-length': String(Buffer.byteLength(body)), ...sent.headers }
      : sent.headers;
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        text += chunk;
      });
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    if (Array.isArray(body)) {
      for (const chunk of body) outgoing.write(chunk);
      outgoing.end();
    } else {
      outgoing.end(body);
    }
  });
}

function rawConnection(port: number): RawConnection {
  const socket = connect(port, '127.0.0.1');
  let read = '';
  let ended = false;
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const check of [...waiting]) check();
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    read += chunk;
    wake();
  });
  const end = () => {
    ended = true;
    wake();
  };
  socket.on('close', end);
  socket.on('error', end);
  return {
    socket,
    readUntil: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (read.includes(text)) resolve(read);
          else if (ended) reject(new Error(`the connection ended before "${text}"; read: ${read}`));
          else return;
          waiting.delete(check);
        };
        waiting.add(check);
        check();
      }),
  };
}
