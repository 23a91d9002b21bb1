// One subscription to Vault's event stream: a WebSocket (Node's global WebSocket, which may send
// headers) to `sys/events/subscribe/<type>?json=true`, each text frame handed on. Settles when the
// signal aborts; rejects with UNAVAILABLE when the connection fails or closes by itself.
import type { SecretsError } from '@secretkit/core';
import { eventsKit } from './vault-events-errors.js';

export interface EventStreamSettings {
  /** `wss://vault:8200/v1/sys/events/subscribe/kv*?json=true`. */
  url: string;
  /** X-Vault-Token, and X-Vault-Namespace when the adapter has one. */
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Called for every text frame. */
  onText(frame: string): void;
  /** Called for a frame that is not text (the JSON stream sends none). */
  onBinary(): void;
}

export function openEventStream(settings: EventStreamSettings): Promise<void> {
  const { url, headers, signal } = settings;
  if (signal.aborted) return Promise.resolve();
  // Node's WebSocket (undici) takes `headers` in its init object; the DOM typings know only protocols.
  const socket = new WebSocket(url, { headers } as unknown as string[]);
  return new Promise<void>((resolve, reject) => {
    let opened = false;
    let settled = false;
    const settle = (code: number) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) resolve();
      else reject(streamFailure(url, opened, code));
    };
    const onAbort = () => socket.close(1000, 'closed');
    signal.addEventListener('abort', onAbort, { once: true });
    socket.addEventListener('open', () => {
      opened = true;
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (signal.aborted || settled) return;
      if (typeof event.data === 'string') settings.onText(event.data);
      else settings.onBinary();
    });
    socket.addEventListener('close', (event: { code: number }) => settle(event.code));
    // Node's WebSocket fires only `error` (no `close`) when the handshake is refused.
    socket.addEventListener('error', () => settle(1006));
  });
}

/** Why the stream ended, without anything the server said (its reason text is dropped). */
function streamFailure(url: string, opened: boolean, code: number): SecretsError {
  const type = decodeURI(new URL(url).pathname.replace(/^\/v1\/sys\/events\/subscribe\//, ''));
  const message = opened
    ? `Vault events: the stream of "${type}" closed (WebSocket code ${code})`
    : `Vault events: could not subscribe to "${type}" (WebSocket code ${code}); the token needs "read" on sys/events/subscribe/${type} and "list" and "subscribe" on the secret paths`;
  return eventsKit.error('UNAVAILABLE', message, { retryable: true });
}
