// A Fetch-style handler `(Request) => Promise<Response>` as a Node `(req, res)` listener, for
// node:http and Express-style servers. The body is read whole, up to `limit` bytes (413 past it).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler in the Fetch API's shape. */
export type FetchHandler = (request: Request) => Promise<Response>;
/** A request handler in node:http's shape. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * `handle` as a Node listener: reads the body whole (413 past `limit` bytes), answers with the
 * Response `handle` gives, or 500 when it throws.
 */
export function toNodeListener(handle: FetchHandler, limit: number): NodeListener {
  return (incoming, outgoing) => {
    void answer(handle, incoming, outgoing, limit).catch(() => {
      if (!outgoing.headersSent) outgoing.statusCode = 500;
      outgoing.end();
    });
  };
}

async function answer(
  handle: FetchHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  limit: number,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      // The rest of the body is never read, so the connection cannot carry another request: say so.
      outgoing.statusCode = 413;
      outgoing.setHeader('connection', 'close');
      outgoing.end();
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const one of value) headers.append(name, one);
  }
  const method = incoming.method ?? 'GET';
  const withBody = method !== 'GET' && method !== 'HEAD';
  const request = new Request(new URL(incoming.url ?? '/', 'http://localhost'), {
    method,
    headers,
    ...(withBody ? { body: Buffer.concat(chunks) } : {}),
  });
  const response = await handle(request);
  outgoing.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') outgoing.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies); // each one, not the last

  outgoing.end(Buffer.from(await response.arrayBuffer()));
}
