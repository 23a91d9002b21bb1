// Public surface of @secretkit/aws/events: the EventBridge event parser and the SQS change source
// (DESIGN §11). Exports only.
export { parseSecretsManagerEvent } from './secrets-manager-event.js';
export type { SqsChangeSource, SqsChangeSourceOptions } from './sqs-change-source.js';
export { sqsChangeSource } from './sqs-change-source.js';
