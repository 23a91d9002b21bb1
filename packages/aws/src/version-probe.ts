// Which VersionId a request resolves to, read from DescribeSecret's VersionIdsToStages: the cheap
// probe the AWS caching clients use (no decryption, no GetSecretValue charge per KMS call).
import type { SecretRequest } from '@secretkit/core';
import { malformedAnswer } from './errors.js';
import { statusOf } from './records.js';

export const DEFAULT_STAGE = 'AWSCURRENT';

export type ProbeAnswer =
  | { kind: 'version'; version: string }
  | { kind: 'missing'; what: string }
  /** A pinned version DescribeSecret does not list (versions without labels are left out). */
  | { kind: 'unlisted' }
  /** The secret is in its recovery window (DeletedDate set). */
  | { kind: 'deleted' };

/** The fields of a DescribeSecret answer the probe reads (unchecked: the SDK does not check types). */
export interface DescribedSecret {
  ARN?: unknown;
  Name?: unknown;
  VersionIdsToStages?: unknown;
  DeletedDate?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** The version `GetSecretValue` would answer for `request`, as far as DescribeSecret tells. */
export function probeAnswer(described: DescribedSecret, request: Pick<SecretRequest, 'version' | 'stage'>) {
  const { VersionIdsToStages: stages, DeletedDate: deleted } = described;
  // Every DescribeSecret answer names its secret; without a name, `{}` would read as "no version".
  if (typeof described.ARN !== 'string' && typeof described.Name !== 'string') {
    throw malformedAnswer('the answer names no secret', statusOf(described));
  }
  if (deleted !== undefined && !(deleted instanceof Date)) {
    throw malformedAnswer('DeletedDate must be a date', statusOf(described));
  }
  if (!isStageMap(stages)) {
    throw malformedAnswer('VersionIdsToStages must map version ids to lists of stages', statusOf(described));
  }
  return deleted === undefined ? versionFromStages(stages, request) : ({ kind: 'deleted' } as const);
}

/** The version `GetSecretValue` would answer for `request`, as far as `versionIdsToStages` tells. */
export function versionFromStages(
  versionIdsToStages: Record<string, string[]> | undefined,
  request: Pick<SecretRequest, 'version' | 'stage'>,
): ProbeAnswer {
  const entries = Object.entries(versionIdsToStages ?? {});
  if (request.version !== undefined) {
    const stages = Object.hasOwn(versionIdsToStages ?? {}, request.version)
      ? versionIdsToStages?.[request.version]
      : undefined;
    if (stages === undefined) return { kind: 'unlisted' };
    if (request.stage !== undefined && !stages.includes(request.stage)) {
      return { kind: 'missing', what: `version ${request.version} with stage ${request.stage}` };
    }
    return { kind: 'version', version: request.version };
  }
  const stage = request.stage ?? DEFAULT_STAGE;
  const found = entries.find(([, stages]) => stages.includes(stage));
  return found ? { kind: 'version', version: found[0] } : { kind: 'missing', what: `stage ${stage}` };
}

function isStageMap(value: unknown): value is Record<string, string[]> | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (stages) => Array.isArray(stages) && stages.every((stage) => typeof stage === 'string'),
  );
}
