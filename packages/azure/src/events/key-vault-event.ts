// parseKeyVaultEvent: a Key Vault event from Event Grid → change hints (DESIGN §11). Pure: takes
// the parsed JSON of one event (or the array Event Grid delivers), in the Event Grid or the
// CloudEvents schema; returns hints naming secrets (never a value), nothing for other events.
import type { ChangeHint } from '@secretkit/core';
import { objectOf, nonBlankText as text } from '@secretkit/core/adapter';

const NEW_VERSION = 'Microsoft.KeyVault.SecretNewVersionCreated';
/** The secret events; only a new version makes a version current (expiry events carry none). */
const SECRET_EVENTS: ReadonlySet<string> = new Set([
  NEW_VERSION,
  'Microsoft.KeyVault.SecretNearExpiry',
  'Microsoft.KeyVault.SecretExpired',
]);

/**
 * The hints in a Key Vault event (`eventType` in the Event Grid schema, `type` in CloudEvents):
 * `SecretNewVersionCreated` names the secret with its new version; `SecretNearExpiry` and
 * `SecretExpired` name it without one. `data.ObjectName` and `data.Version` are read with their keys
 * matched case-insensitively and trimmed, and their values trimmed (the docs' own sample has
 * `"ObjectName "` and `" ee05…"`); the secret URL in `data.Id`, then `subject`, are the fallbacks.
 * An array (an Event Grid delivery) gives the hints of each of its events.
 */
export function parseKeyVaultEvent(event: unknown): ChangeHint[] {
  if (Array.isArray(event)) return event.flatMap((one) => parseOne(one));
  return parseOne(event);
}

function parseOne(event: unknown): ChangeHint[] {
  const fields = objectOf(event);
  if (fields === undefined) return [];
  const type = text(fields.eventType) ?? text(fields.type);
  if (type === undefined || !SECRET_EVENTS.has(type)) return [];
  const data = objectOf(fields.data) ?? {};
  const field = (name: string) => looseField(data, name);
  const objectType = text(field('objecttype'));
  if (objectType !== undefined && objectType.toLowerCase() !== 'secret') return [];
  const fromId = secretUrlParts(text(field('id')));
  const name = text(field('objectname')) ?? fromId?.name ?? text(fields.subject);
  if (name === undefined) return [];
  const version = type === NEW_VERSION ? (text(field('version')) ?? fromId?.version) : undefined;
  return [{ name, ...(version === undefined ? {} : { version }) }];
}

/** The value under the key that, trimmed and lower-cased, is `name` (a trimmed exact match first). */
function looseField(data: Record<string, unknown>, name: string): unknown {
  let found: unknown;
  for (const [key, value] of Object.entries(data)) {
    if (key.trim().toLowerCase() !== name) continue;
    if (key === key.trim()) return value;
    found ??= value;
  }
  return found;
}

/** `https://kv.vault.azure.net/secrets/<name>/<version>` → its name and version. */
function secretUrlParts(id: string | undefined): { name: string; version?: string } | undefined {
  if (id === undefined || !URL.canParse(id)) return undefined;
  const [collection, name, version] = new URL(id).pathname.split('/').filter(Boolean);
  if (collection?.toLowerCase() !== 'secrets' || name === undefined) return undefined;
  return version === undefined ? { name } : { name, version };
}
