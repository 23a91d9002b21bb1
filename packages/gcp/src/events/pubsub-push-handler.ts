// pubsubPushHandler: the endpoint of a Pub/Sub push subscription as a change source. Each push
// request carries one message; its hints go to the clients the handler serves, and the answer
// acknowledges it (204) or has Pub/Sub deliver it again later (503 while no client listens).
import type { ChangeHint, ChangeSource } from '@secretkit/core';
import { checkOptions, defineAdapter } from '@secretkit/core/adapter';
import { type FetchHandler, type NodeListener, toNodeListener } from './node-listener.js';
import { parseSecretManagerNotification } from './secret-manager-notification.js';

export interface PubSubPushHandlerOptions {
  /**
   * Decides whether a request may deliver (verify the OIDC token Pub/Sub sends in Authorization, or a
   * secret query parameter). A refused request is answered 401. @default every request is accepted
   */
  authorize?: (request: Request) => boolean | Promise<boolean>;
}

/** The push endpoint: a change source, and the request handler your HTTP server routes Pub/Sub to. */
export interface PubSubPushHandler extends ChangeSource {
  readonly name: 'gcp-pubsub-push';
  /** Answers one push request (Fetch API). */
  handle: FetchHandler;
  /** The same handler as a Node `(req, res)` listener (node:http, Express). */
  readonly listener: NodeListener;
}

/** Pub/Sub pushes at most 10 MB; a notification is a few kB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const kit = defineAdapter({
  provider: 'gcp-pubsub-push',
  label: 'Pub/Sub push endpoint',
  factory: 'pubsubPushHandler',
  describe: () => ({ name: 'Error' }),
});

export function pubsubPushHandler(options: PubSubPushHandlerOptions = {}): PubSubPushHandler {
  const { authorize } = checkOptions(kit, options, ['authorize']) as PubSubPushHandlerOptions;
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw kit.configError('authorize must be a function');
  }
  const listeners = new Set<(hint: ChangeHint) => void>();

  const handle: FetchHandler = async (request) => {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    if (authorize !== undefined && !(await authorize(request))) return new Response(null, { status: 401 });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return new Response(null, { status: 400 });
    }
    const message = (body as { message?: unknown } | null)?.message;
    if (typeof message !== 'object' || message === null) return new Response(null, { status: 400 });
    if (listeners.size === 0) return new Response(null, { status: 503 });
    const hints = parseSecretManagerNotification(body);
    for (const listener of [...listeners]) for (const hint of hints) listener(hint);
    return new Response(null, { status: 204 });
  };

  return {
    name: 'gcp-pubsub-push',
    handle,
    listener: toNodeListener(handle, MAX_BODY_BYTES),
    start(listener, { signal }) {
      if (signal.aborted) return;
      listeners.add(listener);
      signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
    },
  };
}
