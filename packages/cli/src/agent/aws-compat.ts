// The AWS Secrets Manager Agent's route, GET /secretsmanager/get?secretId=ID[&versionId=][&versionStage=]
// [&refreshNow=]: ID as a ref (awssecrets://ID with version/stage, or ID itself when it is a ref),
// and the answer in the shape that agent sends (its GetSecretValueOutputDef: GetSecretValue's fields,
// CreatedDate as a string of epoch seconds), so programs written for it work unchanged.
import { isSecretRef, type Secret, SecretsError } from '@secretkit/core';
import { required } from './query.js';

export const AWS_QUERY_KEYS = ['secretId', 'versionId', 'versionStage', 'refreshNow'] as const;

/** arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX (AWS adds 6 random characters). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[^:]+:\d{12}:secret:(.+)-[A-Za-z0-9]{6}$/;

/** refreshNow as the AWS agent reads it: true/1/false/0, any case. */
function refreshNowOf(text: string | undefined): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new SecretsError('CONFIG', 'refreshNow must be true, false, 1 or 0');
}

/** The ref an AWS-agent query names. CONFIG for a query that names none, or asks what we cannot do. */
export function refOfAwsQuery(query: ReadonlyMap<string, string>): string {
  const id = required(query, 'secretId');
  const versionId = query.get('versionId');
  const versionStage = query.get('versionStage');
  if (refreshNowOf(query.get('refreshNow'))) {
    throw new SecretsError(
      'CONFIG',
      'refreshNow=true is not supported: the agent refreshes values ahead of their ttl (--ttl) and on rotation',
    );
  }
  if (isSecretRef(id)) {
    if (versionId !== undefined || versionStage !== undefined) {
      throw new SecretsError(
        'CONFIG',
        'secretId is a ref: put its version or stage in the ref (?version=, ?stage=), not in versionId/versionStage',
      );
    }
    return id;
  }
  if (/[?#]/.test(id)) {
    throw new SecretsError(
      'CONFIG',
      'secretId is not a Secrets Manager name or ARN (it contains "?" or "#")',
    );
  }
  const selectors: string[] = [];
  if (versionId !== undefined) selectors.push(`version=${encodeURIComponent(versionId)}`);
  if (versionStage !== undefined) selectors.push(`stage=${encodeURIComponent(versionStage)}`);
  return `awssecrets://${id}${selectors.length > 0 ? `?${selectors.join('&')}` : ''}`;
}

/** The friendly name of a secret: the ARN's name part without AWS's suffix, else the id as given. */
export function friendlyName(id: string): string {
  return SECRET_ARN.exec(id)?.[1] ?? id;
}

/** Epoch seconds with a fraction, as a string (serde_with's TimestampSecondsWithFrac<String>). */
export function awsTimestamp(date: Date): string {
  return String(date.getTime() / 1000);
}

/**
 * GetSecretValue's JSON for `secret`: SecretString when the value is UTF-8 text (or `pointed`, the
 * text a ref's pointer chose), SecretBinary (base64) otherwise. Keys in the AWS agent's order; ARN,
 * Name, VersionId and CreatedDate are null when unknown, VersionStages absent, as there.
 */
export function awsSecretValueJson(secret: Secret, pointed?: string): string {
  const arn = secret.metadata.arn ?? (secret.name.startsWith('arn:') ? secret.name : undefined);
  const answer: Record<string, unknown> = {
    ARN: arn ?? null,
    Name: friendlyName(secret.name),
    VersionId: secret.version ?? null,
  };
  if (pointed !== undefined) answer.SecretString = pointed;
  else {
    try {
      answer.SecretString = secret.text();
    } catch (error) {
      if (!(error instanceof SecretsError && error.code === 'WRONG_TYPE')) throw error;
      answer.SecretBinary = Buffer.from(secret.bytes()).toString('base64');
    }
  }
  const stages = secret.metadata.stages;
  if (stages !== undefined && stages !== '') answer.VersionStages = stages.split(',');
  answer.CreatedDate = secret.createdAt === undefined ? null : awsTimestamp(secret.createdAt);
  return JSON.stringify(answer);
}
