// vaultEventsChangeSource: Vault's event stream (Enterprise, or 1.13+ with events enabled) as change
// hints, over the `sys/events/subscribe/<type>?json=true` WebSocket with the adapter's own token.
// When the adapter logs in again, the stream reconnects with the new token; a stream that fails
// or closes rejects `start`, and core reports it and starts the source again after its backoff.
import type { ChangeHint, ChangeSource, ChangeSourceContext } from '@secretkit/core';
import { checkOptions, waitOrAbort } from '@secretkit/core/adapter';
import type { HashicorpVaultProvider } from '../hashicorp-vault.js';
import { openEventStream } from './event-stream.js';
import { parseVaultEvent } from './vault-event.js';
import { EVENTS_SOURCE_NAME, eventsKit } from './vault-events-errors.js';

export interface VaultEventsChangeSourceOptions {
  /** The adapter whose token (and its renewals and re-logins) the stream uses. */
  provider: HashicorpVaultProvider;
  /**
   * Event types to subscribe to, one WebSocket each; `*` is a wildcard.
   * @default ['kv*'] (every KV v1 and v2 event)
   */
  eventTypes?: readonly string[];
  /**
   * Where to subscribe, an http(s) origin. Events come from the active node only: point this at it
   * when the adapter talks to a standby or a proxy. @default the adapter's address
   */
  address?: string;
}

export interface VaultEventsChangeSource extends ChangeSource {
  readonly name: typeof EVENTS_SOURCE_NAME;
}

const EVENT_TYPE = /^[A-Za-z0-9*_.\-/]{1,256}$/;

/**
 * A change source over Vault's event stream. Events are best effort (Vault keeps none for a
 * subscriber that was away), so the `watch()` poll stays the safety net.
 */
export function vaultEventsChangeSource(options: VaultEventsChangeSourceOptions): VaultEventsChangeSource {
  const { provider, eventTypes, address } = checkEventsOptions(options);

  /** Where and how to connect right now: the token is read anew for every connection. */
  async function connection(type: string, signal: AbortSignal) {
    const client = await provider.client();
    const token = await tokenOf(client, signal);
    const origin = new URL(address ?? client.endpoint).origin.replace(/^http/, 'ws');
    const given = (client as { namespace?: unknown }).namespace; // node-vault keeps it; its typings omit it
    const namespace = typeof given === 'string' && given !== '' ? given : undefined;
    return {
      url: `${origin}/v1/sys/events/subscribe/${type}?json=true`,
      headers: {
        'X-Vault-Token': token,
        ...(namespace === undefined ? {} : { 'X-Vault-Namespace': namespace }),
      },
    };
  }

  /** One round of subscriptions, until the signal aborts, a re-login, or a failure (rejects). */
  async function subscribeAll(listener: (hint: ChangeHint) => void, context: ChangeSourceContext) {
    const round = new AbortController();
    const stop = () => round.abort();
    context.signal.addEventListener('abort', stop, { once: true });
    const stopWatching = provider.watchChanges(stop); // a re-login: reconnect with the new token
    const onText = (frame: string) => {
      if (!isJson(frame)) {
        context.reportError?.(eventsKit.error('PARSE', 'Vault events: a frame that is not JSON was skipped'));
        return;
      }
      for (const hint of parseVaultEvent(frame)) listener(hint);
    };
    const onBinary = () =>
      context.reportError?.(
        eventsKit.error('PARSE', 'Vault events: a binary frame was skipped (expected JSON)'),
      );
    try {
      const streams = await Promise.all(eventTypes.map((type) => connection(type, round.signal)));
      await Promise.all(
        streams.map((stream) =>
          openEventStream({ ...stream, signal: round.signal, onText, onBinary }).catch((error: unknown) => {
            round.abort(); // one failed: close the others, and fail the round
            throw error;
          }),
        ),
      );
    } finally {
      stopWatching();
      context.signal.removeEventListener('abort', stop);
    }
  }

  return {
    name: EVENTS_SOURCE_NAME,
    async start(listener, context) {
      try {
        while (!context.signal.aborted) await subscribeAll(listener, context);
      } catch (error) {
        if (context.signal.aborted) return; // closed: not a failure
        throw eventsKit.fromError(error, {});
      }
    },
  };
}

function checkEventsOptions(options: unknown): {
  provider: HashicorpVaultProvider;
  eventTypes: readonly string[];
  address: string | undefined;
} {
  if (options === undefined)
    throw eventsKit.configError('provider is required: the hashicorpVault() provider');
  const given = checkOptions(eventsKit, options, ['provider', 'eventTypes', 'address']);
  const provider = given.provider as HashicorpVaultProvider | undefined;
  if (typeof provider?.client !== 'function' || typeof provider.watchChanges !== 'function') {
    throw eventsKit.configError('provider must be the hashicorpVault() provider');
  }
  const eventTypes = (given.eventTypes ?? ['kv*']) as unknown;
  if (
    !Array.isArray(eventTypes) ||
    eventTypes.length === 0 ||
    !eventTypes.every((type) => typeof type === 'string' && EVENT_TYPE.test(type))
  ) {
    throw eventsKit.configError('eventTypes must be a non-empty list of event types such as "kv-v2/data-*"');
  }
  const address = given.address;
  if (address !== undefined && (typeof address !== 'string' || !/^https?:\/\/[^/?#@\s]+\/?$/.test(address))) {
    throw eventsKit.configError('address must be an http(s) origin such as https://vault.example.com:8200');
  }
  return {
    provider,
    eventTypes: [...new Set(eventTypes as string[])],
    address: address as string | undefined,
  };
}

/** How often to look for the adapter's token before its first login. */
const TOKEN_CHECK_MS = 500;

/**
 * The node-vault client's token. With a login method the adapter logs in on its first read: until
 * then this waits (checking every 500 ms on an unref'd timer), quietly, rather than failing.
 */
async function tokenOf(client: { token: string }, signal: AbortSignal): Promise<string> {
  while (typeof client.token !== 'string' || client.token === '') {
    if (signal.aborted)
      throw eventsKit.error('ABORTED', 'Vault events: stopped before the adapter logged in');
    await waitOrAbort(TOKEN_CHECK_MS, signal, { unref: true });
  }
  return client.token;
}

function isJson(frame: string): boolean {
  try {
    JSON.parse(frame);
    return true;
  } catch {
    return false;
  }
}
