// parseSecretsManagerEvent: an EventBridge event about Secrets Manager → change hints (DESIGN §11).
// Pure: takes the parsed event JSON, returns hints naming secrets (never a value), nothing for
// events it does not know.
import type { ChangeHint } from '@secretkit/core';
import { objectOf, nonBlankText as text } from '@secretkit/core/adapter';
import { hintFor } from './secret-arn.js';

const SOURCE = 'aws.secretsmanager';
const EVENT_SOURCE = 'secretsmanager.amazonaws.com';
const LABEL_UPDATED = 'Secret Label Updated';
const CLOUDTRAIL_KINDS: ReadonlySet<string> = new Set([
  'AWS API Call via CloudTrail',
  'AWS Service Event via CloudTrail',
]);
/** CloudTrail events that change what a read returns: a new value, a moved label, a new state. */
const CHANGING_EVENTS: ReadonlySet<string> = new Set([
  'PutSecretValue',
  'UpdateSecretVersionStage',
  'RotationSucceeded',
  'UpdateSecret',
  'DeleteSecret',
]);

/**
 * The hints in one EventBridge event from Secrets Manager:
 * - `Secret Label Updated` (native): the secret, with `version = detail.versionId` when the label
 *   moved is AWSCURRENT;
 * - CloudTrail `PutSecretValue`, `UpdateSecretVersionStage`, `RotationSucceeded`, `UpdateSecret`,
 *   `DeleteSecret` (API calls and service events): the secret, no version.
 *
 * The secret comes from `resources[0]`, then `detail.responseElements.arn` (or `aRN`, as events
 * before February 2024 spelled it), `detail.additionalEventData.SecretId`, then the caller-supplied
 * `detail.requestParameters.secretId` (a name, an ARN or a partial ARN). A hint's name is that id;
 * an ARN's friendly name (its resource minus the `-XXXXXX` suffix) is its alias. A failed API call
 * (`errorCode`) changed nothing and gives none.
 */
export function parseSecretsManagerEvent(event: unknown): ChangeHint[] {
  const fields = objectOf(event);
  if (fields === undefined) return [];
  if (fields.source !== undefined && fields.source !== SOURCE) return [];
  const kind = fields['detail-type'];
  const detail = objectOf(fields.detail) ?? {};
  if (kind === LABEL_UPDATED) {
    const id = firstResource(fields) ?? text(detail.name);
    if (id === undefined) return [];
    const version = detail.labelUpdated === 'AWSCURRENT' ? text(detail.versionId) : undefined;
    return [hintFor(id, version)];
  }
  if (typeof kind !== 'string' || !CLOUDTRAIL_KINDS.has(kind)) return [];
  if (detail.eventSource !== undefined && detail.eventSource !== EVENT_SOURCE) return [];
  if (typeof detail.eventName !== 'string' || !CHANGING_EVENTS.has(detail.eventName)) return [];
  if (text(detail.errorCode) !== undefined) return [];
  const id = cloudTrailSecretId(fields, detail);
  return id === undefined ? [] : [hintFor(id)];
}

/** The extraction order of DESIGN §11, then the `serviceEventDetails.secretId` some service events carry. */
function cloudTrailSecretId(
  event: Record<string, unknown>,
  detail: Record<string, unknown>,
): string | undefined {
  const response = objectOf(detail.responseElements) ?? {};
  return (
    firstResource(event) ??
    text(response.arn) ??
    text(response.aRN) ??
    text(response.ARN) ??
    text(objectOf(detail.additionalEventData)?.SecretId) ??
    text(objectOf(detail.requestParameters)?.secretId) ??
    text(objectOf(detail.serviceEventDetails)?.secretId)
  );
}

function firstResource(event: Record<string, unknown>): string | undefined {
  return Array.isArray(event.resources) ? text(event.resources[0]) : undefined;
}
