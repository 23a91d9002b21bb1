// Public surface of @secretkit/azure/testing: the msw fake of Key Vault and a fake TokenCredential.
export type { FakeCredential, FakeCredentialOptions } from './fake-credential.js';
export { fakeCredential } from './fake-credential.js';
export type {
  FailNextOptions,
  KeyVaultFake,
  KeyVaultFakeCall,
  KeyVaultFakeCalls,
  KeyVaultFakeOptions,
  KeyVaultOperation,
  PutOptions,
} from './key-vault-fake.js';
export { createKeyVaultFake } from './key-vault-fake.js';
