// eventGridWebhook: an Event Grid webhook endpoint as a change source. It answers the subscription
// validation handshakes (the Event Grid schema's validation event, CloudEvents' OPTIONS abuse
// protection) and turns each delivery of Key Vault events into hints for the clients it serves.
import type { ChangeHint, ChangeSource } from '@secretkit/core';
import { checkOptions, defineAdapter } from '@secretkit/core/adapter';
import { parseKeyVaultEvent } from './key-vault-event.js';
import { type FetchHandler, type NodeListener, toNodeListener } from './node-listener.js';

export interface EventGridWebhookOptions {
  /**
   * Decides whether a request may deliver events (check a secret query parameter, or the Entra
   * token Event Grid sends). A refused request is answered 401. @default every request is accepted
   */
  authorize?: (request: Request) => boolean | Promise<boolean>;
}

/** The webhook: a change source, and the request handler your HTTP server routes Event Grid to. */
export interface EventGridWebhook extends ChangeSource {
  readonly name: 'azure-event-grid-webhook';
  /** Answers one request (Fetch API): validation handshakes, deliveries, 4xx for anything else. */
  handle: FetchHandler;
  /** The same handler as a Node `(req, res)` listener (node:http, Express). */
  readonly listener: NodeListener;
}

const VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';
/** Event Grid delivers at most 1 MB per request. */
const MAX_BODY_BYTES = 1024 * 1024;
const kit = defineAdapter({
  provider: 'azure-event-grid-webhook',
  label: 'Event Grid webhook',
  factory: 'eventGridWebhook',
  describe: () => ({ name: 'Error' }),
});

/**
 * A webhook for an Event Grid subscription on a Key Vault system topic. While no client has started
 * it, deliveries are answered 503 so Event Grid retries them later; a validation handshake is
 * always answered.
 */
export function eventGridWebhook(options: EventGridWebhookOptions = {}): EventGridWebhook {
  const { authorize } = checkOptions(kit, options, ['authorize']) as EventGridWebhookOptions;
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw kit.configError('authorize must be a function');
  }
  const listeners = new Set<(hint: ChangeHint) => void>();

  const handle: FetchHandler = async (request) => {
    if (request.method === 'OPTIONS') return abuseProtection(request);
    if (request.method !== 'POST')
      return new Response(null, { status: 405, headers: { allow: 'POST, OPTIONS' } });
    if (authorize !== undefined && !(await authorize(request))) return new Response(null, { status: 401 });
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES)
      return new Response(null, { status: 413 });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return new Response(null, { status: 400 });
    }
    const events = Array.isArray(body) ? body : [body];
    const validation = events.find((event) => typeOf(event) === VALIDATION_EVENT) as
      | { data?: { validationCode?: unknown } }
      | undefined;
    if (validation !== undefined) {
      const code = validation.data?.validationCode;
      if (typeof code !== 'string' || code === '') return new Response(null, { status: 400 });
      return Response.json({ validationResponse: code });
    }
    if (listeners.size === 0) return new Response(null, { status: 503, headers: { 'retry-after': '10' } });
    const hints = parseKeyVaultEvent(events);
    for (const listener of [...listeners]) for (const hint of hints) listener(hint);
    return new Response(null, { status: 200 });
  };

  return {
    name: 'azure-event-grid-webhook',
    handle,
    listener: toNodeListener(handle, MAX_BODY_BYTES),
    start(listener, { signal }) {
      if (signal.aborted) return;
      listeners.add(listener);
      signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
    },
  };
}

/** CloudEvents 1.0 webhook validation: allow the origin that asks. */
function abuseProtection(request: Request): Response {
  const origin = request.headers.get('webhook-request-origin');
  if (origin === null || origin.trim() === '') return new Response(null, { status: 400 });
  return new Response(null, {
    status: 200,
    headers: { 'webhook-allowed-origin': origin.trim(), 'webhook-allowed-rate': '*', allow: 'POST' },
  });
}

function typeOf(event: unknown): unknown {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  return fields.eventType ?? fields.type;
}
