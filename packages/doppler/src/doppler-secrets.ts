// The Doppler provider: every SPI method is one download of the config's secrets, filtered to the
// names asked (`secrets=A,B`); getVersion sends the last ETag as If-None-Match, so unchanged costs a 304.
import type { ProviderWith, SecretRecord, SecretRequest } from '@secretkit/core';
import { isSecretsError, type SecretsError } from '@secretkit/core';
import {
  type AdapterKit,
  checkRequest,
  defineAdapter,
  lazyClient,
  sendAborting,
  type WithClient,
} from '@secretkit/core/adapter';
import { type DownloadAnswer, type DownloadRequest, download } from './download.js';
import { DOPPLER_DEFINITION } from './errors.js';
import { createETagMemo } from './etags.js';
import { checkDopplerOptions, type DopplerSecretsOptions } from './options.js';
import { toRecord } from './records.js';

/** Doppler secret names: letters, digits and underscores. Nothing else reaches the `secrets=` filter (a comma would split it). */
const SECRET_NAME = /^[A-Za-z0-9_]+$/;

/** Why a pinned version other than the current ETag is NOT_FOUND: Doppler keeps no readable history. */
const NOT_CURRENT = 'the version is not the config’s current ETag; Doppler serves only the current one';

export type DopplerProvider = ProviderWith<'getVersion' | 'getSecrets' | 'close'> & WithClient<typeof fetch>;

export function dopplerSecrets(options: DopplerSecretsOptions = {}): DopplerProvider {
  const settings = checkDopplerOptions(options);
  const kit = defineAdapter({ ...DOPPLER_DEFINITION, credentials: () => [settings.token] });
  const client = lazyClient({ given: settings.fetch, build: async () => globalThis.fetch });
  const etags = createETagMemo();

  const read = (request: DownloadRequest, signal: AbortSignal) =>
    sendAborting(
      {
        kit,
        client: client.get,
        signal,
        ...(request.subject === undefined ? {} : { name: request.subject }),
      },
      (send, abortSignal) => download(kit, settings, send, request, abortSignal),
    );

  /** The record of one single-name download (remembering its ETag), checked against a pinned version. */
  const recordOf = (answer: DownloadAnswer, { name, version }: SecretRequest): SecretRecord => {
    if (answer.status !== 200) throw kit.malformed(name, 'a 304 to an unconditional request');
    let record: SecretRecord;
    try {
      record = toRecord(kit, answer.download, name, answer.etag);
    } catch (error) {
      etags.set(name, undefined);
      throw error;
    }
    etags.set(name, record.version);
    return pinnedTo(kit, record, version);
  };

  return {
    name: kit.provider,
    client: client.get,
    async getSecret(request, context) {
      const checked = checkDopplerRequest(kit, request);
      return recordOf(await read({ names: [checked.name], subject: checked.name }, context.signal), checked);
    },
    async getVersion(request, context) {
      const checked = checkDopplerRequest(kit, request);
      // A pinned read compares the download's ETag; only the unpinned probe is conditional.
      const known = checked.version === undefined ? etags.get(checked.name) : undefined;
      const answer = await read(
        { names: [checked.name], ifNoneMatch: known, subject: checked.name },
        context.signal,
      );
      if (answer.status === 304) return known;
      return recordOf(answer, checked).version;
    },
    async getSecrets(requests, context) {
      const checked = requests.map((request) => attempt(() => checkDopplerRequest(kit, request)));
      const names = [...new Set(checked.filter((item) => !isSecretsError(item)).map((item) => item.name))];
      if (names.length === 0) return checked as SecretsError[];
      const answer = await read(
        { names, subject: names.length === 1 ? names[0] : undefined },
        context.signal,
      );
      return checked.map((item) => {
        if (isSecretsError(item)) return item;
        if (answer.status !== 200) return kit.malformed(item.name, 'a 304 to an unconditional request');
        return attempt(() =>
          pinnedTo(kit, toRecord(kit, answer.download, item.name, answer.etag), item.version),
        );
      });
    },
    async close() {
      etags.clear();
      await client.close();
    },
  };
}

/** The kit's checks (no stages: Doppler has none), then Doppler's name rule; CONFIG before any request. */
function checkDopplerRequest(kit: AdapterKit, request: unknown): SecretRequest {
  const checked = checkRequest(kit, request, { maxNameLength: 256 });
  if (!SECRET_NAME.test(checked.name)) {
    throw kit.configError('a Doppler secret name has only letters, digits and underscores', checked.name);
  }
  return checked;
}

function pinnedTo(kit: AdapterKit, record: SecretRecord, version: string | undefined): SecretRecord {
  if (version !== undefined && record.version !== version) throw kit.notFound(record.name, NOT_CURRENT);
  return record;
}

/** The result of `run`, or the SecretsError it threw (a batch item fails alone). */
function attempt<T>(run: () => T): T | SecretsError {
  try {
    return run();
  } catch (error) {
    if (isSecretsError(error)) return error;
    throw error;
  }
}
