// createFileProvider: secrets that an orchestrator mounted as files (Kubernetes Secret volumes, the
// Secrets Store CSI driver, Docker's /run/secrets). I/O and error mapping only (DESIGN §2, §9).
import * as fsPromises from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ProviderContext, ProviderWith, SecretRecord, SecretRequest } from '@secretkit/core';
import { checkOptions, checkRequest, sendAborting } from '@secretkit/core/adapter';
import { contentVersion } from './content-version.js';
import { fileKit, PROVIDER_NAME } from './file-errors.js';
import { readSecretFile } from './read-secret-file.js';

export interface FileProviderOptions {
  /**
   * The directory secrets are read from: a relative name is resolved under it, and a name that
   * leads outside it (`..`, an absolute path elsewhere, a symlink out) is CONFIG before any read.
   * @default none: a name is any path, relative to the working directory
   */
  root?: string;
}

/** The file provider: reads and the cheap content-hash version probe. */
export interface FileProvider extends ProviderWith<'getVersion'> {
  readonly name: 'file';
  /** The absolute root directory, when one was given. */
  readonly root: string | undefined;
  /** Afterwards every call rejects with CLOSED. */
  close(): Promise<void>;
  /**
   * The escape hatch every provider has (DESIGN §13): the `node:fs/promises` module reads go
   * through (the file provider's "SDK"), e.g. to `watch` a mounted directory. Not closed by `close()`.
   */
  client(): Promise<typeof fsPromises>;
}

/** Longest path accepted as a name (Linux PATH_MAX). */
const MAX_PATH_LENGTH = 4096;

/**
 * A SecretProvider over files. `name` is a path; `value` is the file's bytes; `version` is the first
 * 16 hex characters of their SHA-256, so a change of content is a rotation. A read sees one file's
 * whole content, also during the `..data` symlink swap of kubelet and the CSI driver.
 */
export function createFileProvider(options?: FileProviderOptions): FileProvider {
  const given = checkOptions(fileKit, options, ['root']);
  if (
    given.root !== undefined &&
    (typeof given.root !== 'string' || given.root === '' || given.root.includes('\0'))
  ) {
    throw fileKit.configError('root must be a non-empty path');
  }
  const root = given.root === undefined ? undefined : resolve(given.root as string);
  let closed = false;
  const client = async () => fsPromises;

  async function read(request: SecretRequest, context: ProviderContext) {
    if (closed) throw fileKit.error('CLOSED', 'file provider: the provider is closed');
    // checkRequest also refuses a stage: files have none.
    const { name, version } = checkRequest(fileKit, request, { maxNameLength: MAX_PATH_LENGTH });
    const content = await sendAborting({ kit: fileKit, client, signal: context.signal, name }, () =>
      readSecretFile(root, name),
    );
    const current = contentVersion(content.bytes);
    if (version !== undefined && version !== current) {
      throw fileKit.notFound(name, `version ${version} is not the file's content now`);
    }
    return { name, content, version: current };
  }

  return {
    name: PROVIDER_NAME,
    root,
    client,
    async getSecret(request, context): Promise<SecretRecord> {
      const { name, content, version } = await read(request, context);
      return { name, value: content.bytes, version, createdAt: content.modifiedAt };
    },
    async getVersion(request, context): Promise<string> {
      return (await read(request, context)).version;
    },
    async close() {
      closed = true;
    },
  };
}
