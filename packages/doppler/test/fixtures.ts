// The fake + provider wiring every test file shares: one fake whose unhandled requests fail the test,
// listening for the file, reset after each test; providers over it with the fake's tokens.
import type { ProviderContext } from '@secretkit/core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { reportUnhandledToGuard } from '../../../test-setup/msw.js';
import { type DopplerSecretsOptions, dopplerSecrets } from '../src/index.js';
import { createDopplerFake } from '../src/testing/index.js';

export const fake = createDopplerFake({ onUnhandled: reportUnhandledToGuard });

beforeAll(() => fake.listen());
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** A provider on the fake's service token (options override). */
export function provider(options: DopplerSecretsOptions = {}) {
  return dopplerSecrets({ token: fake.serviceToken, apiUrl: fake.apiUrl, ...options });
}

/** A context whose signal never aborts. */
export const context = (): ProviderContext => ({ signal: new AbortController().signal });
