// One SQS message body → hints: the EventBridge event JSON an SQS target receives, or the same
// event inside an SNS notification (a topic fanning out to one queue per instance, without raw
// delivery). A body that is neither is poison: the source deletes it and reports it.
import type { ChangeHint } from '@secretkit/core';
import { parseSecretsManagerEvent } from './secrets-manager-event.js';

export type MessageReading = { hints: ChangeHint[] } | { poison: string };

/** The hints of one message body, or why it is poison (never quoting the body). */
export function readMessageBody(body: unknown): MessageReading {
  const event = jsonObject(body);
  if (event === undefined) return { poison: 'is not a JSON object' };
  if (event.Type === 'Notification' && typeof event.Message === 'string') {
    const inner = jsonObject(event.Message);
    return inner === undefined
      ? { poison: 'is an SNS notification whose Message is not a JSON object' }
      : { hints: parseSecretsManagerEvent(inner) };
  }
  return { hints: parseSecretsManagerEvent(event) };
}

function jsonObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}
