// The Storage queue change source's errors: Azure SDK failures read as the Key Vault adapter reads
// them (cleaned causes, tokens scrubbed), with Storage's own codes, and the poison-message report.
import type { SecretsError } from '@secretkit/core';
import { type AdapterKit, defineAdapter } from '@secretkit/core/adapter';
import { describeKeyVaultError } from '../errors.js';

export const QUEUE_SOURCE_NAME = 'azure-storage-queue';

/** Storage error codes (`x-ms-error-code`) the status alone would read wrong. */
const BY_STORAGE_CODE = {
  AuthenticationFailed: 'UNAUTHENTICATED',
  InvalidAuthenticationInfo: 'UNAUTHENTICATED',
  AuthorizationFailure: 'ACCESS_DENIED',
  AuthorizationPermissionMismatch: 'ACCESS_DENIED',
  QueueNotFound: 'NOT_FOUND',
  QueueBeingDeleted: 'NOT_FOUND',
  ServerBusy: 'THROTTLED',
  OperationTimedOut: 'TIMEOUT',
} as const;

/** The kit of one source; `tokens()` are the bearer tokens handed to the SDK, scrubbed from causes. */
export function queueKit(tokens: () => readonly string[] = () => []): AdapterKit {
  return defineAdapter({
    provider: QUEUE_SOURCE_NAME,
    label: 'Azure Storage queue',
    factory: 'storageQueueChangeSource',
    describe: describeKeyVaultError,
    byServiceCode: BY_STORAGE_CODE,
    credentials: tokens,
  });
}

/** A message that is not an event was deleted: says which, never what. */
export function poisonMessage(kit: AdapterKit, messageId: unknown, why: string): SecretsError {
  const id = typeof messageId === 'string' && /^[\w-]{1,128}$/.test(messageId) ? ` ${messageId}` : '';
  return kit.error('PARSE', `Azure Storage queue: message${id} ${why}; it was deleted`);
}
