// Public surface of @secretkit/azure/testing: the wire fake of Key Vault and a fake TokenCredential.

export type {
  StorageQueueFake,
  StorageQueueFakeCall,
  StorageQueueOperation,
} from './events-storage-queue-fake.js';
export { createStorageQueueFake } from './events-storage-queue-fake.js';
export type { FakeCredential, FakeCredentialOptions } from './fake-credential.js';
export { fakeCredential } from './fake-credential.js';
export type { FailNextOptions, NextOptions, RawAnswer } from './fake-faults.js';
export type {
  KeyVaultFake,
  KeyVaultFakeCall,
  KeyVaultFakeCalls,
  KeyVaultFakeOptions,
  KeyVaultOperation,
  PutOptions,
} from './fake-types.js';
export { createKeyVaultFake } from './key-vault-fake.js';
