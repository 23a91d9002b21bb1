// `@azure/identity` is loaded only when no credential is given; when it is missing, CONFIG names it.
// vi.mock's factory runs only if the module is actually imported, so `loaded` observes the import.
import { expect, it, vi } from 'vitest';
import { defaultCredential } from '../src/credential.js';
import { keyVaultKit } from '../src/errors.js';
import { azureKeyVault } from '../src/index.js';
import { fakeCredential } from '../src/testing/index.js';
import { context, useFake, VAULT_URL } from './harness.js';

const state = vi.hoisted(() => ({ loaded: 0, constructed: 0 }));

vi.mock('@azure/identity', async () => {
  state.loaded++;
  const { fakeCredential } = await import('../src/testing/fake-credential.js');
  return {
    DefaultAzureCredential: class {
      readonly inner = fakeCredential();
      constructor() {
        state.constructed++;
      }
      getToken(...args: Parameters<ReturnType<typeof fakeCredential>['getToken']>) {
        return this.inner.getToken(...args);
      }
    },
  };
});

const fake = useFake();

it('a given credential never loads @azure/identity', async () => {
  fake.put('with-credential', 'v');
  const provider = azureKeyVault({ vaultUrl: VAULT_URL, credential: fakeCredential() });
  expect((await provider.getSecret({ name: 'with-credential' }, context())).value).toBe('v');
  expect(state.loaded).toBe(0);
});

it('without a credential, DefaultAzureCredential is imported on first use and built once', async () => {
  fake.put('default-credential', 'v');
  const provider = azureKeyVault({ vaultUrl: VAULT_URL });
  expect(state.loaded).toBe(0); // not at construction
  await provider.getSecret({ name: 'default-credential' }, context());
  await provider.getSecret({ name: 'default-credential' }, context());
  expect(state.loaded).toBe(1);
  expect(state.constructed).toBe(1);
});

it('a missing @azure/identity is CONFIG naming the package, and the way around it', async () => {
  const missing = Object.assign(new Error("Cannot find package '@azure/identity'"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  await expect(defaultCredential(keyVaultKit(), () => Promise.reject(missing))).rejects.toMatchObject({
    code: 'CONFIG',
    provider: 'azure-key-vault',
    message:
      'azure-key-vault: the package @azure/identity is not installed: npm install @azure/identity; or pass a credential',
  });
});
