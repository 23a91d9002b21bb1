// awsSecretsManager: the SecretProvider over AWS Secrets Manager. I/O and error mapping only;
// caching, retry, coalescing and rotation are core's (DESIGN §2, §5).
import type { DescribeSecretResponse, SecretValueEntry } from '@aws-sdk/client-secrets-manager';
import {
  type ProviderContext,
  type ProviderWith,
  type SecretRecord,
  type SecretRequest,
  SecretsError,
} from '@secretkit/core';
import { batchItemError, PROVIDER_NAME } from './error-mapping.js';
import { type AwsSecretsManagerOptions, assertOptions } from './options.js';
import { toRecord } from './records.js';
import { lazySdkClient } from './sdk-client.js';
import { sendAborting } from './send.js';
import { versionFromStages } from './version-probe.js';

/** BatchGetSecretValue takes at most 20 secret ids per call. */
export const BATCH_SIZE = 20;
/** ListSecrets page size we ask for (the API maximum). */
const LIST_PAGE_SIZE = 100;

/** The AWS provider: every optional SPI method but leases and change hints. */
export interface AwsSecretsManagerProvider
  extends ProviderWith<'getVersion' | 'getSecrets' | 'setSecret' | 'deleteSecret' | 'listSecrets'> {
  readonly name: 'aws-secrets-manager';
  /** Destroys the client we built (a user-supplied client is left alone). */
  close(): Promise<void>;
}

/**
 * A SecretProvider for AWS Secrets Manager. The SDK is imported on first use; clients we build get
 * `maxAttempts: 1`. Names may be secret names or ARNs; `stage` is a VersionStage (AWSCURRENT by
 * default), `version` a VersionId.
 */
export function awsSecretsManager(options?: AwsSecretsManagerOptions): AwsSecretsManagerProvider {
  assertOptions(options);
  const settings: AwsSecretsManagerOptions = { ...options };
  const sdk = lazySdkClient(settings);
  /** Set once DescribeSecret was denied: version probes then use GetSecretValue. */
  let describeDenied = false;

  async function readOne(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    const name = assertRequest(request);
    const answer = await sendAborting(sdk.get, context.signal, name, ({ sdk, client }, abortSignal) =>
      client.send(
        new sdk.GetSecretValueCommand({
          SecretId: name,
          ...(request.version === undefined ? {} : { VersionId: request.version }),
          ...(request.stage === undefined ? {} : { VersionStage: request.stage }),
        }),
        { abortSignal },
      ),
    );
    return toRecord(name, answer);
  }

  /** The version via DescribeSecret, or `denied` when IAM does not allow DescribeSecret. */
  async function probeWithDescribe(
    request: SecretRequest,
    context: ProviderContext,
  ): Promise<{ version: string | undefined } | { denied: SecretsError }> {
    const name = request.name;
    let described: DescribeSecretResponse;
    try {
      described = await sendAborting(sdk.get, context.signal, name, ({ sdk, client }, abortSignal) =>
        client.send(new sdk.DescribeSecretCommand({ SecretId: name }), { abortSignal }),
      );
    } catch (error) {
      if ((error as SecretsError).code === 'ACCESS_DENIED') return { denied: error as SecretsError };
      throw error;
    }
    if (described.DeletedDate !== undefined) {
      throw new SecretsError('DISABLED', `"${name}" is marked for deletion`, {
        provider: PROVIDER_NAME,
        secretName: name,
      });
    }
    const answer = versionFromStages(described.VersionIdsToStages, request);
    if (answer.kind === 'version') return { version: answer.version };
    if (answer.kind === 'missing') {
      throw new SecretsError('NOT_FOUND', `"${name}" has no ${answer.what}`, {
        provider: PROVIDER_NAME,
        secretName: name,
      });
    }
    return { version: (await readOne(request, context)).version }; // a pinned version without labels
  }

  async function readBatch(
    requests: SecretRequest[],
    context: ProviderContext,
  ): Promise<Array<SecretRecord | SecretsError>> {
    const ids = [...new Set(requests.map((request) => request.name))];
    const found = new Map<string, SecretValueEntry>();
    const failed = new Map<string, SecretsError>();
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) chunks.push(ids.slice(i, i + BATCH_SIZE));
    await Promise.all(
      chunks.map(async (chunk) => {
        const answer = await sendAborting(
          sdk.get,
          context.signal,
          undefined,
          ({ sdk, client }, abortSignal) =>
            client.send(new sdk.BatchGetSecretValueCommand({ SecretIdList: chunk }), { abortSignal }),
        );
        for (const entry of answer.SecretValues ?? []) {
          const id = chunk.find((asked) => asked === entry.Name || asked === entry.ARN);
          if (id !== undefined) found.set(id, entry);
        }
        for (const error of answer.Errors ?? []) {
          if (error.SecretId !== undefined) {
            failed.set(error.SecretId, batchItemError(error.ErrorCode, error.Message, error.SecretId));
          }
        }
      }),
    );
    return requests.map((request) => {
      const entry = found.get(request.name);
      if (entry !== undefined) return toRecord(request.name, entry);
      return (
        failed.get(request.name) ??
        new SecretsError('UNKNOWN', `BatchGetSecretValue did not answer for "${request.name}"`, {
          provider: PROVIDER_NAME,
          secretName: request.name,
        })
      );
    });
  }

  return {
    name: PROVIDER_NAME,

    getSecret: readOne,

    async getVersion(request, context) {
      assertRequest(request);
      if (describeDenied) return (await readOne(request, context)).version;
      const probed = await probeWithDescribe(request, context);
      if (!('denied' in probed)) return probed.version;
      // DescribeSecret is denied: GetSecretValue answers instead. Only when that works is the
      // switch made for this provider, and said once (an `error` event with operation 'provider').
      const version = (await readOne(request, context)).version;
      if (!describeDenied) {
        describeDenied = true;
        context.report?.(
          new SecretsError(
            'ACCESS_DENIED',
            'secretsmanager:DescribeSecret is denied; version probes now use GetSecretValue ' +
              '(grant DescribeSecret for cheaper rotation checks)',
            { provider: PROVIDER_NAME, secretName: request.name, cause: probed.denied.cause },
          ),
        );
      }
      return version;
    },

    async getSecrets(requests, context) {
      if (!Array.isArray(requests)) throw configError('getSecrets takes an array of requests');
      for (const request of requests) assertRequest(request);
      const plain = requests.filter(
        (request) => request.version === undefined && request.stage === undefined,
      );
      const batched = plain.length > 0 ? await readBatch(plain, context) : [];
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
      assertName(name);
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        throw configError('setSecret takes a string or a Uint8Array value', name);
      }
      const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value };
      try {
        const put = await sendAborting(sdk.get, context.signal, name, ({ sdk, client }, abortSignal) =>
          client.send(new sdk.PutSecretValueCommand({ SecretId: name, ...payload }), { abortSignal }),
        );
        return put.VersionId === undefined ? {} : { version: put.VersionId };
      } catch (error) {
        if (!(error instanceof SecretsError) || error.code !== 'NOT_FOUND') throw error;
      }
      const created = await sendAborting(sdk.get, context.signal, name, ({ sdk, client }, abortSignal) =>
        client.send(new sdk.CreateSecretCommand({ Name: name, ...payload }), { abortSignal }),
      );
      return created.VersionId === undefined ? {} : { version: created.VersionId };
    },

    async deleteSecret(name, context) {
      assertName(name);
      await sendAborting(sdk.get, context.signal, name, ({ sdk, client }, abortSignal) =>
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
        const page = await sendAborting(sdk.get, context.signal, undefined, ({ sdk, client }, abortSignal) =>
          client.send(
            new sdk.ListSecretsCommand({
              MaxResults: LIST_PAGE_SIZE,
              ...(token === undefined ? {} : { NextToken: token }),
            }),
            { abortSignal },
          ),
        );
        for (const entry of page.SecretList ?? []) {
          if (entry.Name !== undefined) yield { name: entry.Name };
        }
        nextToken = page.NextToken;
      } while (nextToken !== undefined && nextToken !== '');
    },

    async close() {
      sdk.destroy();
    },
  };
}

function configError(message: string, name?: string): SecretsError {
  return new SecretsError('CONFIG', message, {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
  });
}

function assertName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw configError('a secret name (or ARN) must be a non-empty string');
  }
}

/** Checks a request's shape; returns its name. */
function assertRequest(request: SecretRequest): string {
  if (typeof request !== 'object' || request === null) {
    throw configError('a request must be an object { name, version?, stage? }');
  }
  assertName(request.name);
  for (const key of ['version', 'stage'] as const) {
    const value = request[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw configError(`request ${key} must be a non-empty string`, request.name);
    }
  }
  return request.name;
}
