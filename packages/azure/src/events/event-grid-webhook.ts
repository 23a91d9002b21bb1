// eventGridWebhook: an Event Grid webhook endpoint as a change source. It answers the subscription
// validation handshakes (the Event Grid schema's validation event, CloudEvents' OPTIONS abuse
// protection) and turns each delivery of Key Vault events into hints for the clients it serves.
import type { PushEndpoint, PushEndpointOptions } from '@secretkit/core/adapter';
import { pushEndpoint } from '@secretkit/core/adapter';
import { parseKeyVaultEvent } from './key-vault-event.js';

/**
 * `authorize` decides whether a request may deliver events (check a secret query parameter, or
 * the Entra token Event Grid sends); a refused request is answered 401.
 */
export type EventGridWebhookOptions = PushEndpointOptions;

/** The webhook: a change source, and the request handler your HTTP server routes Event Grid to. */
export type EventGridWebhook = PushEndpoint<'azure-event-grid-webhook'>;

const VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';
/** Event Grid delivers at most 1 MB per request. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A webhook for an Event Grid subscription on a Key Vault system topic. While no client has started
 * it, deliveries are answered 503 so Event Grid retries them later; a validation handshake is
 * always answered.
 */
export function eventGridWebhook(options: EventGridWebhookOptions = {}): EventGridWebhook {
  const rules = {
    maxBodyBytes: MAX_BODY_BYTES,
    refuseDeclaredOversize: true,
    preflight: abuseProtection,
    name: 'azure-event-grid-webhook',
    label: 'Event Grid webhook',
    factory: 'eventGridWebhook',
  } as const;
  return pushEndpoint(options, rules, (body, fanOut) => {
    const events = Array.isArray(body) ? body : [body];
    const validation = events.find((event) => typeOf(event) === VALIDATION_EVENT) as
      | { data?: { validationCode?: unknown } }
      | undefined;
    if (validation !== undefined) {
      const code = validation.data?.validationCode;
      if (typeof code !== 'string' || code === '') return new Response(null, { status: 400 });
      return Response.json({ validationResponse: code });
    }
    if (!fanOut.listening) return new Response(null, { status: 503, headers: { 'retry-after': '10' } });
    fanOut.deliver(parseKeyVaultEvent(events));
    return new Response(null, { status: 200 });
  });
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
