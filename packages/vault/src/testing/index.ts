// Public surface of @secretkit/vault/testing: the msw fake of the Vault HTTP API. Exports only.
export type { FailNextOptions } from './fake-faults.js';
export type { FakeDynamicRole, FakeMount, FakeToken, FakeTokenSpec } from './fake-state.js';
export type { VaultFake, VaultFakeCall, VaultFakeOptions, VaultOperation } from './vault-fake.js';
export { createVaultFake } from './vault-fake.js';
