// Public surface of @secretkit/vault/events: the Vault event parser and the event-stream change
// source (DESIGN §11). Exports only.
export { parseVaultEvent } from './vault-event.js';
export type {
  VaultEventsChangeSource,
  VaultEventsChangeSourceOptions,
} from './vault-events-change-source.js';
export { vaultEventsChangeSource } from './vault-events-change-source.js';
