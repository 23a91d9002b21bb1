// Public surface of @secretkit/vault/testing: the wire-level fake of the Vault HTTP API. Exports only.

export type {
  VaultEventsFake,
  VaultEventsFakeCall,
  VaultEventsFakeOptions,
  VaultEventsSubscription,
} from './events-vault-fake.js';
export { createVaultEventsFake } from './events-vault-fake.js';
export type { FailNextOptions } from './fake-faults.js';
export type { FakeLogins, VaultFakeCall, VaultOperation } from './fake-handlers.js';
export type { FakeDynamicRole, FakeMount, FakeToken, FakeTokenSpec } from './fake-store.js';
export type { VaultFake, VaultFakeOptions, VaultFakeSocket } from './vault-fake.js';
export { createVaultFake } from './vault-fake.js';
