// Which VersionId a request resolves to, read from DescribeSecret's VersionIdsToStages: the cheap
// probe the AWS caching clients use (no decryption, no GetSecretValue charge per KMS call).
import type { SecretRequest } from '@secretkit/core';

export const DEFAULT_STAGE = 'AWSCURRENT';

export type ProbeAnswer =
  | { kind: 'version'; version: string }
  | { kind: 'missing'; what: string }
  /** A pinned version DescribeSecret does not list (versions without labels are left out). */
  | { kind: 'unlisted' };

/** The version `GetSecretValue` would answer for `request`, as far as `versionIdsToStages` tells. */
export function versionFromStages(
  versionIdsToStages: Record<string, string[]> | undefined,
  request: Pick<SecretRequest, 'version' | 'stage'>,
): ProbeAnswer {
  const entries = Object.entries(versionIdsToStages ?? {});
  if (request.version !== undefined) {
    const stages = versionIdsToStages?.[request.version];
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
