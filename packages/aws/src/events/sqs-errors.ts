// The SQS change source's errors: the AWS SDK's failures read as the adapter reads them, with the
// queue exceptions added, and what a message that is no event becomes (a PARSE error event).
import { type AdapterKit, defineAdapter } from '@secretkit/core/adapter';
import { BY_EXCEPTION, BY_STATUS, describeAwsError } from '../errors.js';

export const SQS_SOURCE_NAME = 'aws-sqs';

/** SQS exceptions (the SDK's `error.name`) over the Secrets Manager table. */
const BY_QUEUE_EXCEPTION = {
  ...BY_EXCEPTION,
  QueueDoesNotExist: 'NOT_FOUND',
  'AWS.SimpleQueueService.NonExistentQueue': 'NOT_FOUND',
  KmsAccessDenied: 'ACCESS_DENIED',
  KmsDisabled: 'UNAVAILABLE',
  KmsThrottled: 'THROTTLED',
  OverLimit: 'THROTTLED',
  RequestThrottled: 'THROTTLED',
  ReceiptHandleIsInvalid: 'INVALID_REQUEST',
  InvalidAddress: 'CONFIG',
  InvalidSecurity: 'CONFIG',
  QueueDeletedRecently: 'NOT_FOUND',
} as const;

export const sqsKit: AdapterKit = defineAdapter({
  provider: SQS_SOURCE_NAME,
  label: 'AWS SQS',
  factory: 'sqsChangeSource',
  describe: (error) => describeAwsError(error),
  byServiceCode: BY_QUEUE_EXCEPTION,
  byStatus: BY_STATUS,
});

/** A message that is not an event was deleted: says where, never what (it may hold anything). */
export function poisonMessage(messageId: string | undefined, why: string) {
  const id = typeof messageId === 'string' && /^[\w-]{1,128}$/.test(messageId) ? ` ${messageId}` : '';
  return sqsKit.error('PARSE', `AWS SQS: message${id} ${why}; it was deleted`);
}
