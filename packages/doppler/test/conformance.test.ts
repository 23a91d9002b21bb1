// The conformance suite over the Doppler fake: the harness writes and fails natively, never through the provider.
import { describeProviderConformance } from '@secretkit/conformance';
import { reportUnhandledToGuard } from '../../../test-setup/msw.js';
import { dopplerSecrets } from '../src/index.js';
import { createDopplerFake } from '../src/testing/index.js';

describeProviderConformance({
  name: 'doppler',
  setup: async () => {
    const fake = createDopplerFake({ onUnhandled: reportUnhandledToGuard });
    fake.listen();
    const provider = dopplerSecrets({ token: fake.serviceToken, apiUrl: fake.apiUrl });
    return {
      provider,
      put: async (name, value) => {
        if (typeof value !== 'string') throw new TypeError('Doppler values are strings');
        fake.put(name, value);
        return undefined; // no per-secret versions to read back (capabilities.versions is false)
      },
      remove: (name) => void fake.remove(name),
      failNext: (code) => fake.failNext(code),
      secretName: (label) => label.toUpperCase().replace(/-/g, '_'), // text-value → TEXT_VALUE
      teardown: async () => {
        await provider.close();
        await fake.close();
      },
    };
  },
  capabilities: { binary: false, versions: false, write: false, list: false, leases: false },
});
