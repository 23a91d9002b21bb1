// Secrets Manager answers → what the adapter returns: GetSecretValue (and BatchGetSecretValue
// entries) → SecretRecord, bytes kept as bytes. The SDK does not check types (a `{"SecretString": 5}`
// or a JSON string body resolves), so every field is checked: a bad one is a malformed 2xx.
import type { SecretValueEntry } from '@aws-sdk/client-secrets-manager';
import type { SecretRecord } from '@secretkit/core';
import { malformedAnswer } from './errors.js';

/** The fields GetSecretValueResponse and SecretValueEntry share, plus the SDK's response metadata. */
type SecretValueAnswer = Pick<
  SecretValueEntry,
  'ARN' | 'VersionId' | 'SecretString' | 'SecretBinary' | 'VersionStages' | 'CreatedDate'
> & { $metadata?: { httpStatusCode?: number } };

/** A record under the name the caller asked for (a name or an ARN), so core's cache keys match. */
export function toRecord(name: string, answer: SecretValueAnswer, status = statusOf(answer)): SecretRecord {
  const { SecretString: text, SecretBinary: bytes, VersionId: version, CreatedDate: created } = answer;
  const { VersionStages: stages, ARN: arn } = answer;
  const value =
    typeof text === 'string' ? text : bytes instanceof Uint8Array ? new Uint8Array(bytes) : undefined;
  if (value === undefined || (text !== undefined && typeof text !== 'string')) {
    throw malformedAnswer('the answer has no SecretString or SecretBinary', status);
  }
  if (!isOptionalText(version) || !isOptionalText(arn)) {
    throw malformedAnswer('VersionId and ARN must be strings', status);
  }
  if (
    stages !== undefined &&
    !(Array.isArray(stages) && stages.every((stage) => typeof stage === 'string'))
  ) {
    throw malformedAnswer('VersionStages must be a list of strings', status);
  }
  if (created !== undefined && !(created instanceof Date && Number.isFinite(created.getTime()))) {
    throw malformedAnswer('CreatedDate must be a date', status);
  }
  const metadata: Record<string, string> = {};
  if (stages !== undefined) metadata.stages = stages.join(',');
  if (arn !== undefined) metadata.arn = arn;
  return {
    name,
    value,
    ...(version === undefined ? {} : { version }),
    ...(created === undefined ? {} : { createdAt: created }),
    metadata,
  };
}

/** The VersionId of a PutSecretValue or CreateSecret answer, as `setSecret` returns it. */
export function writtenVersion(answer: { VersionId?: unknown; $metadata?: { httpStatusCode?: number } }): {
  version?: string;
} {
  if (!isOptionalText(answer.VersionId))
    throw malformedAnswer('VersionId must be a string', statusOf(answer));
  return answer.VersionId === undefined ? {} : { version: answer.VersionId };
}

/** One ListSecrets page: the names on it and the token of the next one. */
export function listPage(answer: {
  SecretList?: unknown;
  NextToken?: unknown;
  $metadata?: { httpStatusCode?: number };
}): { names: string[]; nextToken?: string } {
  const { SecretList: list, NextToken: nextToken } = answer;
  if (!Array.isArray(list) || !isOptionalText(nextToken)) {
    throw malformedAnswer('SecretList must be a list and NextToken a string', statusOf(answer));
  }
  const names = list.flatMap((entry: { Name?: unknown } | null) =>
    typeof entry?.Name === 'string' ? [entry.Name] : [],
  );
  return nextToken === undefined || nextToken === '' ? { names } : { names, nextToken };
}

/** The HTTP status the SDK recorded for an answer. */
export function statusOf(answer: { $metadata?: { httpStatusCode?: number } }): number | undefined {
  return answer.$metadata?.httpStatusCode;
}

function isOptionalText(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value !== '');
}
