// A download answer → SecretRecord: the body must be a JSON object of strings (anything else is
// malformed, UNAVAILABLE), a key it lacks is NOT_FOUND, and `version` is the ETag as received.
import type { SecretRecord } from '@secretkit/core';
import { type AdapterKit, hasUnprintable } from '@secretkit/core/adapter';

/** The config's secrets as the download endpoint sends them (`format=json`): key → computed value. */
export type Download = Readonly<Record<string, string>>;

/** Keys Doppler adds to every download, naming where it came from; readable by name like any other. */
const META_KEYS = {
  DOPPLER_PROJECT: 'project',
  DOPPLER_CONFIG: 'config',
  DOPPLER_ENVIRONMENT: 'environment',
} as const;

/** The body of a 200, checked: never quoted in an error (a parse error's text quotes the body). */
export function parseDownload(kit: AdapterKit, text: string, name: string | undefined): Download {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw kit.malformed(name, 'the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw kit.malformed(name, 'the body is not a JSON object');
  }
  for (const value of Object.values(body)) {
    if (typeof value !== 'string') throw kit.malformed(name, 'a value is not a string');
  }
  return body as Download;
}

/** The ETag of a 200, which becomes the version: a usable one, or none; a broken one is malformed. */
export function readETag(kit: AdapterKit, headers: Headers, name: string | undefined): string | undefined {
  const etag = headers.get('etag');
  if (etag === null || etag === '') return undefined;
  if (etag.length > 256 || hasUnprintable(etag)) throw kit.malformed(name, 'the ETag header is not usable');
  return etag;
}

/** The record of `name` in a download; NOT_FOUND naming it when the download has no such key. */
export function toRecord(
  kit: AdapterKit,
  download: Download,
  name: string,
  version: string | undefined,
): SecretRecord {
  if (!Object.hasOwn(download, name)) throw kit.notFound(name);
  const metadata: Record<string, string> = {};
  for (const [key, field] of Object.entries(META_KEYS)) {
    if (Object.hasOwn(download, key)) metadata[field] = download[key]!;
  }
  return {
    name,
    value: download[name]!,
    ...(version === undefined ? {} : { version }),
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
  };
}
