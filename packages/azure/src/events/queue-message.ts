// One Storage queue message → hints. Event Grid puts each event's JSON in a message, Base64
// encoded; plain JSON text is read too. Anything else is poison: deleted and reported.
import type { ChangeHint } from '@secretkit/core';
import { parseKeyVaultEvent } from './key-vault-event.js';

export type QueueMessageReading = { hints: ChangeHint[] } | { poison: string };

/** The hints of one message text, or why it is poison (never quoting the text). */
export function readQueueMessage(text: unknown): QueueMessageReading {
  if (typeof text !== 'string') return { poison: 'has no text' };
  const event = jsonEvent(text) ?? jsonEvent(fromBase64(text));
  return event === undefined
    ? { poison: 'is not a JSON event (plain or Base64)' }
    : { hints: parseKeyVaultEvent(event) };
}

function fromBase64(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64').toString('utf8');
}

function jsonEvent(text: string | undefined): object | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}
