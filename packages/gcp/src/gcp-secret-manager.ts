// gcpSecretManager: the SecretProvider over Google Cloud Secret Manager (gRPC or REST). I/O and
// error mapping only; caching, retry, coalescing and rotation are core's (DESIGN §2, §5).
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { ProviderWith, SecretRecord, SecretsError } from '@secretkit/core';
import {
  type FailureContext,
  importSdk,
  lazyClient,
  sendAborting,
  type WithClient,
} from '@secretkit/core/adapter';
import { clientConstructorOptions, noRetry } from './client-options.js';
import { crc32c } from './crc32c.js';
import { credentialsOf } from './credentials.js';
import { createGcpKit, LABEL, PROVIDER_NAME } from './errors.js';
import {
  checkGcpRequest,
  isProjectId,
  parentPath,
  parseSecretName,
  type SecretAddress,
  secretIdFromName,
  secretPath,
  versionFromName,
} from './names.js';
import { checkGcpOptions, type GcpSecretManagerOptions } from './options.js';
import { probedVersion, toRecord } from './records.js';

/** ListSecrets page size we ask for (the API allows up to 25000). */
const LIST_PAGE_SIZE = 250;
const SDK_PACKAGE = '@google-cloud/secret-manager';

/** The GCP provider: every optional SPI method but batches, leases and change hints, and `client()`. */
export interface GcpSecretManagerProvider
  extends ProviderWith<'getVersion' | 'setSecret' | 'deleteSecret' | 'listSecrets'>,
    WithClient<SecretManagerServiceClient> {
  readonly name: 'gcp-secret-manager';
  /** Closes the client we built (a user-supplied client is left open). */
  close(): Promise<void>;
}

/**
 * A SecretProvider for Google Cloud Secret Manager. `@google-cloud/secret-manager` is imported on
 * first use; every call passes `{ retry: null }`. Names are secret ids or full resource names;
 * `version` is `latest` (default), a number or an alias. gax call options take no AbortSignal, so
 * an abort settles the call at once with ABORTED and the RPC's late answer is ignored. `client()`
 * resolves to the `SecretManagerServiceClient` it calls.
 */
export function gcpSecretManager(options?: GcpSecretManagerOptions): GcpSecretManagerProvider {
  let current: SecretManagerServiceClient | undefined;
  let given: GcpSecretManagerOptions = {};
  const kit = createGcpKit(() =>
    credentialsOf(given.authClient, given.clientOptions, (current ?? given.client)?.auth),
  );
  const settings = checkGcpOptions(kit, options);
  given = settings;
  const location = settings.location;
  const sdk = lazyClient<SecretManagerServiceClient>({
    given: settings.client,
    build: async () => {
      const module = await importSdk(
        () => import('@google-cloud/secret-manager'),
        SDK_PACKAGE,
        PROVIDER_NAME,
      );
      return new module.SecretManagerServiceClient(clientConstructorOptions(settings));
    },
    dispose: (client) => client.close(),
  });
  const client = async () => {
    current = await sdk.get();
    return current;
  };
  let defaultProject: Promise<string> | undefined;

  function projectOf(address: SecretAddress, sdkClient: SecretManagerServiceClient): Promise<string> {
    if (address.project !== undefined) return Promise.resolve(address.project);
    if (settings.projectId !== undefined) return Promise.resolve(settings.projectId);
    defaultProject ??= Promise.resolve()
      .then(() => sdkClient.getProjectId())
      .then(
        (project) => {
          if (!isProjectId(project)) throw kit.configError(`"${project}" is not a valid project id`);
          return project;
        },
        (error: unknown) => {
          throw kit.error(
            'CONFIG',
            'gcpSecretManager: no projectId: pass `projectId`, or run with Application Default Credentials ' +
              'that name a project (GOOGLE_CLOUD_PROJECT, a service account key, or the metadata server)',
            { cause: kit.causeOf(error) },
          );
        },
      );
    defaultProject.catch(() => {
      defaultProject = undefined;
    });
    return defaultProject;
  }

  /** One call under the caller's signal; every failure leaves as a SecretsError. */
  const call = <T>(
    signal: AbortSignal,
    name: string | undefined,
    work: (sdkClient: SecretManagerServiceClient) => Promise<T>,
    values?: FailureContext['values'],
  ): Promise<T> =>
    sendAborting(
      { kit, client, signal, ...(name === undefined ? {} : { name }), ...(values ? { values } : {}) },
      work,
    );

  async function secretName(target: SecretAddress, sdkClient: SecretManagerServiceClient): Promise<string> {
    return secretPath(await projectOf(target, sdkClient), location, target.secretId);
  }

  function access(name: string, target: SecretAddress, version: string, signal: AbortSignal) {
    return call(signal, name, async (sdkClient) => {
      const [response] = await sdkClient.accessSecretVersion(
        { name: `${await secretName(target, sdkClient)}/versions/${version}` },
        noRetry(),
      );
      return toRecord(kit, name, response);
    });
  }

  /** The newest ENABLED version number (ListSecretVersions is newest first), for resolveLatestToEnabled. */
  function newestEnabled(name: string, target: SecretAddress, signal: AbortSignal): Promise<string> {
    return call(signal, name, async (sdkClient) => {
      const [versions] = await sdkClient.listSecretVersions(
        { parent: await secretName(target, sdkClient), filter: 'state:ENABLED', pageSize: 1 },
        noRetry({ autoPaginate: false }),
      );
      const number = versionFromName(versions[0]?.name);
      if (number === undefined)
        throw kit.error('DISABLED', `${LABEL}: "${name}" has no ENABLED version`, { name });
      return number;
    });
  }

  const canResolve = (version: string) => settings.resolveLatestToEnabled === true && version === 'latest';

  return {
    name: PROVIDER_NAME,

    client,

    async getSecret(request, context): Promise<SecretRecord> {
      const { name, address: target, version } = checkGcpRequest(kit, request, location);
      try {
        return await access(name, target, version, context.signal);
      } catch (error) {
        if (!canResolve(version) || (error as SecretsError).code !== 'DISABLED') throw error;
      }
      const enabled = await newestEnabled(name, target, context.signal);
      return access(name, target, enabled, context.signal);
    },

    async getVersion(request, context) {
      const { name, address: target, version } = checkGcpRequest(kit, request, location);
      const probed = await call(context.signal, name, async (sdkClient) => {
        const [metadata] = await sdkClient.getSecretVersion(
          { name: `${await secretName(target, sdkClient)}/versions/${version}` },
          noRetry(),
        );
        return probedVersion(kit, name, metadata);
      });
      if (probed.state === 'ENABLED' || probed.state === 'STATE_UNSPECIFIED') return probed.number;
      if (canResolve(version)) return newestEnabled(name, target, context.signal);
      throw kit.error('DISABLED', `${LABEL}: version ${probed.number} of "${name}" is ${probed.state}`, {
        name,
      });
    },

    async setSecret(name, value, context) {
      const target = parseSecretName(kit, name, location);
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        throw kit.configError('setSecret takes a string or a Uint8Array value', name);
      }
      const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      const payload = { data, dataCrc32c: String(crc32c(data)) };
      const values = [value];
      const add = () =>
        call(
          context.signal,
          name,
          async (sdkClient) => {
            const [created] = await sdkClient.addSecretVersion(
              { parent: await secretName(target, sdkClient), payload },
              noRetry(),
            );
            const version = versionFromName(created.name);
            return version === undefined ? {} : { version };
          },
          values,
        );
      try {
        return await add();
      } catch (error) {
        if ((error as SecretsError).code !== 'NOT_FOUND') throw error;
      }
      try {
        await call(context.signal, name, async (sdkClient) => {
          const project = await projectOf(target, sdkClient);
          // Regional secrets have no replication policy; global ones get automatic replication.
          const secret = location === undefined ? { replication: { automatic: {} } } : {};
          await sdkClient.createSecret(
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
      const target = parseSecretName(kit, name, location);
      await call(context.signal, name, async (sdkClient) => {
        await sdkClient.deleteSecret({ name: await secretName(target, sdkClient) }, noRetry());
      });
    },

    async *listSecrets(context) {
      let pageToken: string | undefined;
      do {
        const token = pageToken;
        const page = await call(context.signal, undefined, async (sdkClient) => {
          const project = await projectOf({ project: undefined, secretId: '' }, sdkClient);
          const [secrets, , response] = await sdkClient.listSecrets(
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

    async close() {
      current = undefined;
      await sdk.close();
    },
  };
}
