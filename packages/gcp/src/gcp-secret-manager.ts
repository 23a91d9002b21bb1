// gcpSecretManager: the SecretProvider over Google Cloud Secret Manager (gRPC or REST). I/O and
// error mapping only; caching, retry, coalescing and rotation are core's (DESIGN §2, §5).
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import {
  type ProviderWith,
  raceAbort,
  type SecretRecord,
  type SecretRequest,
  SecretsError,
} from '@secretkit/core';
import { cleanCause } from './clean-cause.js';
import { crc32c } from './crc32c.js';
import { describeGcpError, PROVIDER_NAME, toSecretsError } from './error-mapping.js';
import {
  assertProject,
  configError,
  parentPath,
  parseSecretName,
  parseVersion,
  type SecretAddress,
  secretIdFromName,
  secretPath,
  versionFromName,
} from './names.js';
import { assertOptions, type GcpSecretManagerOptions } from './options.js';
import { stateName, toRecord } from './records.js';
import { lazyClient, noRetry } from './sdk-client.js';

/** ListSecrets page size we ask for (the API allows up to 25000). */
const LIST_PAGE_SIZE = 250;

/** The GCP provider: every optional SPI method but batches, leases and change hints. */
export interface GcpSecretManagerProvider
  extends ProviderWith<'getVersion' | 'setSecret' | 'deleteSecret' | 'listSecrets'> {
  readonly name: 'gcp-secret-manager';
  /** Closes the client we built (a user-supplied client is left open). */
  close(): Promise<void>;
}

/**
 * A SecretProvider for Google Cloud Secret Manager. `@google-cloud/secret-manager` is imported on
 * first use; every call passes `{ retry: null }`. Names are secret ids or full resource names;
 * `version` is `latest` (default), a number or an alias. gax call options take no AbortSignal, so
 * an abort settles the call at once with ABORTED and the RPC's late answer is ignored.
 */
export function gcpSecretManager(options?: GcpSecretManagerOptions): GcpSecretManagerProvider {
  assertOptions(options);
  const settings: GcpSecretManagerOptions = { ...options };
  const location = settings.location;
  const sdk = lazyClient(settings);
  let defaultProject: Promise<string> | undefined;

  function projectOf(address: SecretAddress, client: SecretManagerServiceClient): Promise<string> {
    if (address.project !== undefined) return Promise.resolve(address.project);
    if (settings.projectId !== undefined) return Promise.resolve(settings.projectId);
    defaultProject ??= Promise.resolve()
      .then(() => client.getProjectId())
      .then(assertProject, (error: unknown) => {
        throw new SecretsError(
          'CONFIG',
          'no projectId: pass `projectId`, or run with Application Default Credentials that name a project ' +
            '(GOOGLE_CLOUD_PROJECT, a service account key, or the metadata server)',
          { provider: PROVIDER_NAME, cause: cleanCause(error, describeGcpError(error)) },
        );
      });
    defaultProject.catch(() => {
      defaultProject = undefined;
    });
    return defaultProject;
  }

  /** One unit of work under the caller's signal; every failure becomes a SecretsError. */
  async function run<T>(
    signal: AbortSignal,
    name: string | undefined,
    work: (client: SecretManagerServiceClient) => Promise<T>,
  ): Promise<T> {
    try {
      if (signal.aborted) throw signal.reason;
      const client = await sdk.get();
      if (signal.aborted) throw signal.reason;
      return await raceAbort(work(client), signal, name);
    } catch (error) {
      throw toSecretsError(error, name, signal);
    }
  }

  function address(request: SecretRequest): { address: SecretAddress; version: string } {
    if (typeof request !== 'object' || request === null) {
      throw configError('a request must be an object { name, version? }');
    }
    const parsed = parseSecretName(request.name, location);
    if (request.stage !== undefined) {
      throw configError('Secret Manager has no stages: pass an alias as `version`', request.name);
    }
    return { address: parsed, version: parseVersion(request.version, request.name) };
  }

  async function secretName(target: SecretAddress, client: SecretManagerServiceClient): Promise<string> {
    return secretPath(await projectOf(target, client), location, target.secretId);
  }

  function access(name: string, target: SecretAddress, version: string, signal: AbortSignal) {
    return run(signal, name, async (client) => {
      const [response] = await client.accessSecretVersion(
        { name: `${await secretName(target, client)}/versions/${version}` },
        noRetry(),
      );
      return toRecord(name, response);
    });
  }

  /** The newest ENABLED version number (ListSecretVersions is newest first), for resolveLatestToEnabled. */
  function newestEnabled(name: string, target: SecretAddress, signal: AbortSignal): Promise<string> {
    return run(signal, name, async (client) => {
      const [versions] = await client.listSecretVersions(
        { parent: await secretName(target, client), filter: 'state:ENABLED', pageSize: 1 },
        noRetry({ autoPaginate: false }),
      );
      const number = versionFromName(versions[0]?.name);
      if (number === undefined) {
        throw new SecretsError('DISABLED', `Google Secret Manager: "${name}" has no ENABLED version`, {
          provider: PROVIDER_NAME,
          secretName: name,
        });
      }
      return number;
    });
  }

  const canResolve = (version: string) => settings.resolveLatestToEnabled === true && version === 'latest';

  return {
    name: PROVIDER_NAME,

    async getSecret(request, context): Promise<SecretRecord> {
      const { address: target, version } = address(request);
      try {
        return await access(request.name, target, version, context.signal);
      } catch (error) {
        if (!canResolve(version) || (error as SecretsError).code !== 'DISABLED') throw error;
      }
      const enabled = await newestEnabled(request.name, target, context.signal);
      return access(request.name, target, enabled, context.signal);
    },

    async getVersion(request, context) {
      const { address: target, version } = address(request);
      const probed = await run(context.signal, request.name, async (client) => {
        const [metadata] = await client.getSecretVersion(
          { name: `${await secretName(target, client)}/versions/${version}` },
          noRetry(),
        );
        return { number: versionFromName(metadata.name), state: stateName(metadata.state) };
      });
      if (probed.state === 'ENABLED' || probed.state === 'STATE_UNSPECIFIED') return probed.number;
      if (canResolve(version)) return newestEnabled(request.name, target, context.signal);
      throw new SecretsError(
        'DISABLED',
        `Google Secret Manager: version ${probed.number ?? version} of "${request.name}" is ${probed.state}`,
        { provider: PROVIDER_NAME, secretName: request.name },
      );
    },

    async setSecret(name, value, context) {
      const target = parseSecretName(name, location);
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        throw configError('setSecret takes a string or a Uint8Array value', name);
      }
      const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      const payload = { data, dataCrc32c: String(crc32c(data)) };
      const add = () =>
        run(context.signal, name, async (client) => {
          const [created] = await client.addSecretVersion(
            { parent: await secretName(target, client), payload },
            noRetry(),
          );
          const version = versionFromName(created.name);
          return version === undefined ? {} : { version };
        });
      try {
        return await add();
      } catch (error) {
        if ((error as SecretsError).code !== 'NOT_FOUND') throw error;
      }
      try {
        await run(context.signal, name, async (client) => {
          const project = await projectOf(target, client);
          // Regional secrets have no replication policy; global ones get automatic replication.
          const secret = location === undefined ? { replication: { automatic: {} } } : {};
          await client.createSecret(
            { parent: parentPath(project, location), secretId: target.secretId, secret },
            noRetry(),
          );
        });
      } catch (error) {
        if ((error as SecretsError).code !== 'CONFLICT') throw error; // created meanwhile: add to it
      }
      return add();
    },

    async deleteSecret(name, context) {
      const target = parseSecretName(name, location);
      await run(context.signal, name, async (client) => {
        await client.deleteSecret({ name: await secretName(target, client) }, noRetry());
      });
    },

    async *listSecrets(context) {
      let pageToken: string | undefined;
      do {
        const token = pageToken;
        const page = await run(context.signal, undefined, async (client) => {
          const project =
            settings.projectId ?? (await projectOf({ project: undefined, secretId: '' }, client));
          const [secrets, , response] = await client.listSecrets(
            {
              parent: parentPath(project, location),
              pageSize: LIST_PAGE_SIZE,
              ...(token ? { pageToken: token } : {}),
            },
            noRetry({ autoPaginate: false }),
          );
          return { secrets, next: response?.nextPageToken ?? undefined };
        });
        for (const secret of page.secrets) {
          const id = secretIdFromName(secret.name);
          if (id !== undefined) yield { name: id };
        }
        pageToken = page.next ?? undefined;
      } while (pageToken !== undefined && pageToken !== '');
    },

    close: () => sdk.close(),
  };
}
