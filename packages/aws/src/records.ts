// GetSecretValue answers (and BatchGetSecretValue entries) → SecretRecord. Bytes stay bytes.
import type { SecretValueEntry } from '@aws-sdk/client-secrets-manager';
import { type SecretRecord, SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';

/** The fields GetSecretValueResponse and SecretValueEntry share. */
type SecretValueAnswer = Pick<
  SecretValueEntry,
  'ARN' | 'VersionId' | 'SecretString' | 'SecretBinary' | 'VersionStages' | 'CreatedDate'
>;

/** A record under the name the caller asked for (a name or an ARN), so core's cache keys match. */
export function toRecord(name: string, answer: SecretValueAnswer): SecretRecord {
  const value =
    answer.SecretString ??
    (answer.SecretBinary === undefined ? undefined : new Uint8Array(answer.SecretBinary));
  if (value === undefined) {
    throw new SecretsError('UNKNOWN', `AWS Secrets Manager answered "${name}" without a value`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  const metadata: Record<string, string> = {};
  if (answer.VersionStages !== undefined) metadata.stages = answer.VersionStages.join(',');
  if (answer.ARN !== undefined) metadata.arn = answer.ARN;
  return {
    name,
    value,
    ...(answer.VersionId === undefined ? {} : { version: answer.VersionId }),
    ...(answer.CreatedDate === undefined ? {} : { createdAt: answer.CreatedDate }),
    metadata,
  };
}
