// getSecrets over BatchGetSecretValue: 20 ids a call, answers matched by name or ARN, per-name
// errors mapped with the same table as single reads, results in request order.
import type { SecretRecord, SecretRequest, SecretsError } from '@secretkit/core';
import type { AdapterKit } from '@secretkit/core/adapter';
import type { AwsCall } from './aws-secrets-manager.js';
import { batchItemFailure, malformedAnswer } from './errors.js';
import { statusOf, toRecord } from './records.js';

/** BatchGetSecretValue takes at most 20 secret ids per call. */
export const BATCH_SIZE = 20;

/** One record or error per request, in order; a failed call rejects as a whole. */
export async function readBatch(
  kit: AdapterKit,
  call: AwsCall,
  requests: SecretRequest[],
  signal: AbortSignal,
): Promise<Array<SecretRecord | SecretsError>> {
  const ids = [...new Set(requests.map((request) => request.name))];
  const answers = new Map<string, SecretRecord | SecretsError>();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) chunks.push(ids.slice(i, i + BATCH_SIZE));
  await Promise.all(
    chunks.map(async (chunk) => {
      const answer = await call(signal, undefined, async (sdk, client, abortSignal) => {
        const got = await client.send(new sdk.BatchGetSecretValueCommand({ SecretIdList: chunk }), {
          abortSignal,
        });
        if (!isList(got.SecretValues) || !isList(got.Errors)) {
          throw malformedAnswer('SecretValues and Errors must be lists', statusOf(got));
        }
        return got;
      });
      const status = statusOf(answer);
      for (const entry of answer.SecretValues ?? []) {
        const id = chunk.find((asked) => asked === entry?.Name || asked === entry?.ARN);
        if (id === undefined) continue;
        try {
          answers.set(id, toRecord(id, entry, status));
        } catch (error) {
          answers.set(id, kit.fromError(error, { name: id }));
        }
      }
      for (const failure of answer.Errors ?? []) {
        const id = chunk.find((asked) => asked === failure?.SecretId);
        if (id !== undefined)
          answers.set(id, kit.fromError(batchItemFailure(failure.ErrorCode, failure.Message), { name: id }));
      }
    }),
  );
  return requests.map(
    (request) =>
      answers.get(request.name) ??
      kit.fromError(malformedAnswer('BatchGetSecretValue did not answer for this secret', 200), {
        name: request.name,
      }),
  );
}

function isList(value: unknown): boolean {
  return value === undefined || Array.isArray(value);
}
