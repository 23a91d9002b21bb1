// parseSecretManagerNotification: a Secret Manager event notification (a Pub/Sub message) → change
// hints (DESIGN §11). Pure: takes the message's attributes and data (or a push request's body);
// returns hints naming the secret by its full path with the bare id as alias, never a value.
import type { ChangeHint } from '@secretkit/core';
import {
  parseJsonOrUndefined as parseJson,
  objectOf as plainObjectOf,
  nonBlankText as text,
} from '@secretkit/core/adapter';

/** The events that change what a read returns; only a new version makes a version current. */
const SECRET_EVENTS: ReadonlySet<string> = new Set([
  'SECRET_VERSION_ADD',
  'SECRET_VERSION_ENABLE',
  'SECRET_VERSION_DISABLE',
  'SECRET_VERSION_DESTROY',
  'SECRET_VERSION_DESTROY_SCHEDULED',
  'SECRET_UPDATE',
  'SECRET_DELETE',
  'SECRET_ROTATE',
]);
const VERSION_ADD = 'SECRET_VERSION_ADD';
const SECRET_PATH = /^projects\/[^/]+\/(?:locations\/[^/]+\/)?secrets\/([^/]+)$/;
const VERSION_PATH = /^(projects\/[^/]+\/(?:locations\/[^/]+\/)?secrets\/[^/]+)\/versions\/([^/]+)$/;

/** A Pub/Sub message as the SDK hands it over (`data` a Buffer), or as a push request carries it (Base64). */
export interface SecretManagerNotification {
  attributes?: Record<string, string> | null;
  data?: Uint8Array | string | object | null;
}

/**
 * The hints of one notification: `eventType` `SECRET_VERSION_ADD`, `…_ENABLE`, `…_DISABLE`,
 * `…_DESTROY`, `…_DESTROY_SCHEDULED`, `SECRET_UPDATE`, `SECRET_DELETE` and `SECRET_ROTATE` name the
 * secret (`secretId`, its full path, with the bare id as alias); `SECRET_VERSION_ADD` also carries
 * the version, the last segment of `versionId`. `TOPIC_CONFIGURED` and anything else give none.
 * The SecretVersion or Secret JSON in `data` stands in for a missing `secretId` or `versionId`.
 * A push request's body (`{ message: { attributes, data }, subscription }`) is read as its message.
 */
export function parseSecretManagerNotification(notification: unknown): ChangeHint[] {
  const outer = objectOf(notification);
  const message = objectOf(outer?.message) ?? outer;
  if (message === undefined) return [];
  const attributes = objectOf(message.attributes) ?? {};
  const type = text(attributes.eventType);
  if (type === undefined || !SECRET_EVENTS.has(type)) return [];
  const resourceName = text(objectOf(decodeData(message.data))?.name);
  const fromData =
    resourceName === undefined ? undefined : (VERSION_PATH.exec(resourceName)?.[1] ?? resourceName);
  const secretId = text(attributes.secretId) ?? fromData;
  const bareId = secretId === undefined ? undefined : SECRET_PATH.exec(secretId)?.[1];
  if (secretId === undefined || bareId === undefined) return [];
  const versionName = text(attributes.versionId) ?? resourceName;
  const version =
    type === VERSION_ADD && versionName !== undefined ? VERSION_PATH.exec(versionName)?.[2] : undefined;
  return [{ name: secretId, aliases: [bareId], ...(version === undefined ? {} : { version }) }];
}

/** `data` as JSON: a Buffer or Uint8Array of UTF-8, Base64 text (a push body), JSON text, or an object. */
function decodeData(data: unknown): unknown {
  if (data === undefined || data === null) return undefined;
  if (data instanceof Uint8Array) return parseJson(Buffer.from(data).toString('utf8'));
  if (typeof data === 'string')
    return parseJson(data) ?? parseJson(Buffer.from(data, 'base64').toString('utf8'));
  return data;
}

/** A plain object's fields; raw bytes are not an object here. */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value instanceof Uint8Array ? undefined : plainObjectOf(value);
}
