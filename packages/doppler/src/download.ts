// One request to the config's secrets download endpoint, the only endpoint the provider reads:
// `GET /v3/configs/config/secrets/download?project&config&format=json[&secrets=A,B]`, optionally
// conditional (`If-None-Match`), answered 200 with the secrets, 304 unchanged, or an error status.
import type { AdapterKit } from '@secretkit/core/adapter';
import { DopplerHttpError } from './errors.js';
import type { DopplerSettings } from './options.js';
import { type Download, parseDownload, readETag } from './records.js';

export type DownloadAnswer =
  | { status: 200; download: Download; etag: string | undefined }
  /** The ETag sent in If-None-Match is still current. */
  | { status: 304 };

export interface DownloadRequest {
  /** The `secrets=` filter; undefined downloads the whole config. */
  names: readonly string[] | undefined;
  /** An ETag to send as If-None-Match, byte for byte as it was received. */
  ifNoneMatch?: string | undefined;
  /** The secret errors name (undefined for a batch). */
  subject: string | undefined;
}

/** Longest `secrets=` filter sent; a longer batch downloads the whole config (still one request). */
const MAX_FILTER_LENGTH = 2000;

export function downloadUrl(settings: DopplerSettings, names: readonly string[] | undefined): string {
  const query = new URLSearchParams();
  if (settings.scope) {
    query.set('project', settings.scope.project);
    query.set('config', settings.scope.config);
  }
  query.set('format', 'json');
  const filter = names?.join(',');
  if (filter !== undefined && filter.length <= MAX_FILTER_LENGTH) query.set('secrets', filter);
  return `${settings.apiUrl}/v3/configs/config/secrets/download?${query}`;
}

/** Sends one download with `send` (the provider's fetch) under `signal`; throws for anything but 200/304. */
export async function download(
  kit: AdapterKit,
  settings: DopplerSettings,
  send: typeof fetch,
  request: DownloadRequest,
  signal: AbortSignal,
): Promise<DownloadAnswer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${settings.token}`,
    accept: 'application/json',
  };
  if (request.ifNoneMatch !== undefined) headers['if-none-match'] = request.ifNoneMatch;
  const response = await send(downloadUrl(settings, request.names), { headers, signal });
  if (response.status === 304) {
    await discard(response);
    if (request.ifNoneMatch === undefined)
      throw kit.malformed(request.subject, 'a 304 to an unconditional request');
    return { status: 304 };
  }
  if (!response.ok) {
    await discard(response);
    throw new DopplerHttpError(response.status, response.headers);
  }
  const etag = readETag(kit, response.headers, request.subject);
  return { status: 200, download: parseDownload(kit, await response.text(), request.subject), etag };
}

/** Releases the connection of an answer whose body we never read (error bodies are not used). */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
