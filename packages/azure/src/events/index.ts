// Public surface of @secretkit/azure/events: the Key Vault event parser, the Storage queue change
// source and the Event Grid webhook (DESIGN §11). Exports only.
export type { EventGridWebhook, EventGridWebhookOptions } from './event-grid-webhook.js';
export { eventGridWebhook } from './event-grid-webhook.js';
export { parseKeyVaultEvent } from './key-vault-event.js';
export type {
  StorageQueueChangeSource,
  StorageQueueChangeSourceOptions,
} from './storage-queue-change-source.js';
export { storageQueueChangeSource } from './storage-queue-change-source.js';
