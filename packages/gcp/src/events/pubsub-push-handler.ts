// pubsubPushHandler: the endpoint of a Pub/Sub push subscription as a change source. Each push
// request carries one message; its hints go to the clients the handler serves, and the answer
// acknowledges it (204) or has Pub/Sub deliver it again later (503 while no client listens).
import type { PushEndpoint, PushEndpointOptions } from '@secretkit/core/adapter';
import { pushEndpoint } from '@secretkit/core/adapter';
import { parseSecretManagerNotification } from './secret-manager-notification.js';

/** Pub/Sub pushes at most 10 MB; a notification is a few kB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * `authorize` decides whether a request may deliver (verify the OIDC token Pub/Sub sends in
 * Authorization, or a secret query parameter); a refused request is answered 401.
 */
export type PubSubPushHandlerOptions = PushEndpointOptions;

/** The push endpoint: a change source, and the request handler your HTTP server routes Pub/Sub to. */
export type PubSubPushHandler = PushEndpoint<'gcp-pubsub-push'>;

export function pubsubPushHandler(options: PubSubPushHandlerOptions = {}): PubSubPushHandler {
  const rules = {
    name: 'gcp-pubsub-push',
    label: 'Pub/Sub push endpoint',
    factory: 'pubsubPushHandler',
    maxBodyBytes: MAX_BODY_BYTES,
  } as const;
  return pushEndpoint(options, rules, (body, fanOut) => {
    const message = (body as { message?: unknown } | null)?.message;
    if (typeof message !== 'object' || message === null) return new Response(null, { status: 400 });
    if (!fanOut.listening) return new Response(null, { status: 503 });
    fanOut.deliver(parseSecretManagerNotification(body));
    return new Response(null, { status: 204 });
  });
}
