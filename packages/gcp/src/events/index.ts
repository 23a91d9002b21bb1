// Public surface of @secretkit/gcp/events: the Secret Manager notification parser, the Pub/Sub
// change source and the push-subscription handler (DESIGN §11). Exports only.
export type { PubSubChangeSource, PubSubChangeSourceOptions } from './pubsub-change-source.js';
export { pubsubChangeSource } from './pubsub-change-source.js';
export type { PubSubPushHandler, PubSubPushHandlerOptions } from './pubsub-push-handler.js';
export { pubsubPushHandler } from './pubsub-push-handler.js';
export type { SecretManagerNotification } from './secret-manager-notification.js';
export { parseSecretManagerNotification } from './secret-manager-notification.js';
