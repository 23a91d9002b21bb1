// awsSecretsManager: the SecretProvider over AWS Secrets Manager. I/O and error mapping only;
// caching, retry, coalescing and rotation are core's (DESIGN §2, §5).
import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type {
  ProviderContext,
  ProviderWith,
  SecretRecord,
  SecretRequest,
  SecretsError,
} from '@secretkit/core';
import {
  type CleanCause,
  type FailureContext,
  importSdk,
  lazyClient,
  sendAborting,
  type WithClient,
} from '@secretkit/core/adapter';
import { readBatch } from './batch.js';
import { SigningCredentials } from './credentials.js';
import { createAwsKit, LABEL, markedForDeletion, PROVIDER_NAME } from './errors.js';
import { checkAwsName, checkAwsRequest } from './names.js';
import { type AwsSecretsManagerOptions, checkAwsOptions } from './options.js';
import { listPage, toRecord, writtenVersion } from './records.js';
import { probeAnswer } from './version-probe.js';

/** ListSecrets page size we ask for (the API maximum). */
const LIST_PAGE_SIZE = 100;
const SDK_PACKAGE = '@aws-sdk/client-secrets-manager';

export type Sdk = typeof SecretsManagerSdk;

/** One SDK call: the module (for its Command classes), the client and the call's signal. */
export type AwsCall = <T>(
  signal: AbortSignal,
  name: string | undefined,
  run: (sdk: Sdk, client: SecretsManagerClient, abortSignal: AbortSignal) => Promise<T>,
  values?: FailureContext['values'],
) => Promise<T>;

/** The AWS provider: every optional SPI method but leases and change hints, and `client()`. */
export interface AwsSecretsManagerProvider
  extends ProviderWith<'getVersion' | 'getSecrets' | 'setSecret' | 'deleteSecret' | 'listSecrets'>,
    WithClient<SecretsManagerClient> {
  readonly name: 'aws-secrets-manager';
  /** Destroys the client we built (a user-supplied client is left alone). */
  close(): Promise<void>;
}

/**
 * A SecretProvider for AWS Secrets Manager. The SDK is imported on first use; clients we build get
 * `maxAttempts: 1`. Names may be secret names or ARNs; `stage` is a VersionStage (AWSCURRENT by
 * default), `version` a VersionId. `client()` resolves to the `SecretsManagerClient` it sends with.
 */
export function awsSecretsManager(options?: AwsSecretsManagerOptions): AwsSecretsManagerProvider {
  const credentials = new SigningCredentials();
  const kit = createAwsKit(() => credentials.list());
  const settings = checkAwsOptions(kit, options);
  credentials.remember(settings.credentials);
  const loadSdk = () =>
    importSdk(() => import('@aws-sdk/client-secrets-manager'), SDK_PACKAGE, PROVIDER_NAME);
  const sdk = lazyClient<SecretsManagerClient>({
    given: settings.client,
    build: async () =>
      new (await loadSdk()).SecretsManagerClient({
        maxAttempts: 1,
        ...(settings.region === undefined ? {} : { region: settings.region }),
        ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
        ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      }),
    dispose: (client) => client.destroy(),
  });
  /** Set once DescribeSecret was denied: version probes then use GetSecretValue. */
  let describeDenied = false;

  const call: AwsCall = (signal, name, run, values) =>
    sendAborting({ kit, client: sdk.get, signal, name, values }, async (client, abortSignal) => {
      const module = await loadSdk();
      try {
        return await run(module, client, abortSignal);
      } catch (error) {
        await credentials.learn(client, error);
        throw error;
      }
    });

  async function readOne(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    const { name, version, stage } = checkAwsRequest(kit, request);
    return call(context.signal, name, async (sdk, client, abortSignal) => {
      const command = new sdk.GetSecretValueCommand({
        SecretId: name,
        ...(version === undefined ? {} : { VersionId: version }),
        ...(stage === undefined ? {} : { VersionStage: stage }),
      });
      return toRecord(name, await client.send(command, { abortSignal }));
    });
  }

  /** The version via DescribeSecret, or `denied` when IAM does not allow DescribeSecret. */
  async function probeWithDescribe(
    request: SecretRequest,
    context: ProviderContext,
  ): Promise<{ version: string | undefined } | { denied: SecretsError }> {
    const name = request.name;
    let answer: ReturnType<typeof probeAnswer>;
    try {
      answer = await call(context.signal, name, async (sdk, client, abortSignal) =>
        probeAnswer(
          await client.send(new sdk.DescribeSecretCommand({ SecretId: name }), { abortSignal }),
          request,
        ),
      );
    } catch (error) {
      if ((error as SecretsError).code === 'ACCESS_DENIED') return { denied: error as SecretsError };
      throw error;
    }
    if (answer.kind === 'version') return { version: answer.version };
    if (answer.kind === 'missing') throw kit.notFound(name, `no ${answer.what}`);
    if (answer.kind === 'deleted') {
      throw kit.fromError(markedForDeletion(), { name }); // as GetSecretValue would answer
    }
    return { version: (await readOne(request, context)).version }; // a pinned version without labels
  }

  return {
    name: PROVIDER_NAME,

    client: sdk.get,

    getSecret: readOne,

    async getVersion(request, context) {
      checkAwsRequest(kit, request);
      if (describeDenied) return (await readOne(request, context)).version;
      const probed = await probeWithDescribe(request, context);
      if (!('denied' in probed)) return probed.version;
      // DescribeSecret is denied: GetSecretValue answers instead. Only when that works is the
      // switch made for this provider, and said once (an `error` event with operation 'provider').
      const version = (await readOne(request, context)).version;
      if (!describeDenied) {
        describeDenied = true;
        context.report?.(
          kit.error(
            'ACCESS_DENIED',
            `${LABEL}: secretsmanager:DescribeSecret is denied; version probes now use GetSecretValue ` +
              '(grant DescribeSecret for cheaper rotation checks)',
            { name: request.name, cause: probed.denied.cause as CleanCause },
          ),
        );
      }
      return version;
    },

    async getSecrets(requests, context) {
      if (!Array.isArray(requests)) throw kit.configError('getSecrets takes an array of requests');
      for (const request of requests) checkAwsRequest(kit, request);
      const plain = requests.filter(
        (request) => request.version === undefined && request.stage === undefined,
      );
      const batched = plain.length > 0 ? await readBatch(kit, call, plain, context.signal) : [];
      const byRequest = new Map(plain.map((request, i) => [request, batched[i]!]));
      return Promise.all(
        requests.map(
          (request) =>
            byRequest.get(request) ??
            readOne(request, context).catch((error: unknown) => {
              if (context.signal.aborted) throw error;
              return error as SecretsError;
            }),
        ),
      );
    },

    async setSecret(name, value, context) {
      checkAwsName(kit, name);
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        throw kit.configError('setSecret takes a string or a Uint8Array value', name);
      }
      const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value };
      const values = [value];
      try {
        return await call(
          context.signal,
          name,
          async (sdk, client, abortSignal) =>
            writtenVersion(
              await client.send(new sdk.PutSecretValueCommand({ SecretId: name, ...payload }), {
                abortSignal,
              }),
            ),
          values,
        );
      } catch (error) {
        if ((error as SecretsError).code !== 'NOT_FOUND') throw error;
      }
      return call(
        context.signal,
        name,
        async (sdk, client, abortSignal) =>
          writtenVersion(
            await client.send(new sdk.CreateSecretCommand({ Name: name, ...payload }), { abortSignal }),
          ),
        values,
      );
    },

    async deleteSecret(name, context) {
      checkAwsName(kit, name);
      await call(context.signal, name, (sdk, client, abortSignal) =>
        client.send(
          new sdk.DeleteSecretCommand({
            SecretId: name,
            ...(settings.forceDeleteWithoutRecovery ? { ForceDeleteWithoutRecovery: true } : {}),
          }),
          { abortSignal },
        ),
      );
    },

    async *listSecrets(context) {
      let nextToken: string | undefined;
      do {
        const token = nextToken;
        const page = await call(context.signal, undefined, async (sdk, client, abortSignal) =>
          listPage(
            await client.send(
              new sdk.ListSecretsCommand({
                MaxResults: LIST_PAGE_SIZE,
                ...(token === undefined ? {} : { NextToken: token }),
              }),
              { abortSignal },
            ),
          ),
        );
        for (const name of page.names) yield { name };
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    },

    async close() {
      await sdk.close();
    },
  };
}
