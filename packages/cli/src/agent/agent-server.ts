// startAgent: the agent's HTTP server on Node's `http` (no framework). Every request is checked
// (request-checks.ts), routed (routes.ts), answered as JSON and logged on one line. Connections and
// request sizes are bounded; close() drains: no new requests, in-flight ones finish, then it resolves.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { SecretResolver } from '@secretkit/refs';
import type { AgentLog } from './agent-log.js';
import { createTokenCheck } from './agent-token.js';
import { type ErrorReply, errorReplyFor, refusal } from './error-replies.js';
import { assertListenAllowed, type TcpAddress } from './listen-address.js';
import { listenOn } from './listen-socket.js';
import { pathOf } from './query.js';
import { checkRequest } from './request-checks.js';
import { ROUTES, type Route, type RouteReply } from './routes.js';

/** Request line and headers together (Node answers 431 beyond it); refs and tokens are short. */
export const MAX_HEADER_BYTES = 8192;
/** Connections served at once, as the AWS agent's max_conn (800 by default, at most 1000). */
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** Beyond the limit a connection gets one 429; this many more are refused at accept. */
const OVER_LIMIT_GRACE = 64;

export interface AgentServerOptions {
  /** A TCP address (loopback unless `allowRemote`), or a unix socket path (made mode 0600). */
  listen: TcpAddress | { socketPath: string };
  /** Clients send it in X-Secretkit-Token (X-Aws-Parameters-Secrets-Token on the AWS route). */
  token: string;
  /** Every read goes through it; the caller closes it after close(). */
  resolver: SecretResolver;
  log: AgentLog;
  /** Listen on an address that is not loopback. @default false */
  allowRemote?: boolean;
  /** Connections served at once; a connection beyond gets 429 THROTTLED. @default 1000 */
  maxConnections?: number;
  /** How long close() lets in-flight requests run before it closes their connections. @default 30000 */
  drainTimeoutMs?: number;
}

export interface RunningAgent {
  /** `http://host:port` for TCP; undefined for a unix socket. */
  readonly url: string | undefined;
  readonly socketPath: string | undefined;
  /** What the startup log line calls it: `127.0.0.1:2773` or `unix:/path`. */
  readonly address: string;
  /** Requests being answered right now. */
  inFlight(): number;
  /** Stops accepting, lets in-flight requests finish (bounded by drainTimeoutMs), closes; idempotent. */
  close(): Promise<void>;
  /** Ends the drain now: in-flight requests are cut off (their connections closed); close() then settles. */
  closeNow(): void;
}

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId: string,
  close: boolean,
): void {
  const headers: Record<string, string | number> = {
    ...BASE_HEADERS,
    'content-type': contentType,
    'x-request-id': requestId,
  };
  if (status === 405) headers.allow = 'GET';
  if (close) headers.connection = 'close';
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

function errorBody(reply: ErrorReply): string {
  return JSON.stringify({ code: reply.code, message: reply.message });
}

export async function startAgent(options: AgentServerOptions): Promise<RunningAgent> {
  const { resolver, log } = options;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  if ('host' in options.listen) assertListenAllowed(options.listen, options.allowRemote === true);
  const tokenMatches = createTokenCheck(options.token);
  const bootId = randomBytes(4).toString('hex');
  let requestCount = 0;
  let inFlight = 0;
  let draining = false;
  let endDrain: (() => void) | undefined;
  const overLimit = new WeakSet<Socket>();
  const open = new Set<Socket>();

  const server = createServer({
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
  });
  server.maxConnections = maxConnections + OVER_LIMIT_GRACE;
  server.on('connection', (socket: Socket) => {
    if (open.size >= maxConnections) overLimit.add(socket);
    else {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
  });

  /** The refusal for a request before any route runs, or undefined to run its route. */
  function refusalFor(req: IncomingMessage, url: string, route: Route | undefined): ErrorReply | undefined {
    if (overLimit.has(req.socket)) {
      return refusal(429, 'THROTTLED', `the agent serves at most ${maxConnections} connections at once`);
    }
    if (draining) return refusal(503, 'UNAVAILABLE', 'the agent is shutting down');
    const refused = checkRequest(
      { method: req.method, url, headers: req.headers },
      route?.tokenHeader,
      tokenMatches,
    );
    return refused ?? (route === undefined ? refusal(404, 'NOT_FOUND', 'no such route') : undefined);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = `${bootId}-${(++requestCount).toString(36)}`;
    const url = req.url ?? '/';
    const path = pathOf(url);
    const route = ROUTES.get(path);
    let ref: string | undefined;
    let failure = refusalFor(req, url, route);
    let reply: RouteReply | undefined;
    if (failure === undefined && route !== undefined) {
      try {
        reply = await route.answer(url, resolver, (given) => {
          ref = given;
        });
      } catch (error) {
        failure = errorReplyFor(error);
      }
    }
    // 429: one answer per connection over the limit; 413: the body is never read, so the
    // connection cannot carry another request; draining: let the client go
    const close = draining || failure?.status === 429 || failure?.status === 413;
    if (reply !== undefined) send(res, reply.status, reply.contentType, reply.body, requestId, close);
    else if (failure !== undefined)
      send(res, failure.status, 'application/json', errorBody(failure), requestId, close);
    const status = reply?.status ?? failure?.status ?? 500;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (log.enabled(level)) {
      log.write(level, 'request', {
        requestId,
        method: req.method?.slice(0, 16),
        route: route === undefined ? '(unknown)' : path,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ref: ref?.slice(0, 512),
        code: failure?.code,
        error: failure?.message,
      });
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    handle(req, res)
      .catch((error: unknown) => {
        // only a bug gets here (send() failing): answer if we still can, say what kind it was
        if (!res.headersSent) send(res, 500, 'application/json', errorBody(errorReplyFor(error)), '-', true);
        log.write('error', 'request failed', { error: errorReplyFor(error).message });
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0) endDrain?.();
      });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Node's own limits (431 headers too large, 400 malformed, 408 timeout): answer and close
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    log.write('warn', 'bad request', { status, code: error.code?.slice(0, 64) });
    if (socket.writable && !socket.writableEnded) {
      const body = JSON.stringify({
        code: 'INVALID_REQUEST',
        message: `malformed or oversized request (${status})`,
      });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } else socket.destroy();
  });

  const bound = await listenOn(server, options.listen);

  let closing: Promise<void> | undefined;
  async function drainAndClose(): Promise<void> {
    draining = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        endDrain = resolve;
        timer = setTimeout(resolve, drainTimeoutMs);
      });
      clearTimeout(timer);
    }
    // answered requests carried "connection: close"; whatever is left is idle or past the deadline
    server.closeAllConnections();
    await stopped;
    await bound.cleanup();
  }

  return {
    url: bound.url,
    socketPath: bound.socketPath,
    address: bound.address,
    inFlight: () => inFlight,
    close() {
      closing ??= drainAndClose();
      return closing;
    },
    closeNow() {
      closing ??= drainAndClose();
      endDrain?.();
    },
  };
}
