// A provider author's test: the packed conformance suite run against the packed memory provider,
// as the conformance README shows.
import { describeProviderConformance } from '@secretkit/conformance';
import { createMemoryProvider } from '@secretkit/memory';

describeProviderConformance({
  name: 'memory (packed)',
  setup: async () => {
    const provider = createMemoryProvider();
    return {
      provider,
      put: async (name, value) => provider.set(name, value),
      remove: async (name) => {
        provider.remove(name);
      },
      failNext: (code) => provider.failNext(code),
      dynamicSecret: async () => {
        provider.defineDynamic('database-creds-app', { ttl: 60_000 });
        return 'database-creds-app';
      },
      teardown: () => provider.close(),
    };
  },
  capabilities: {
    binary: true,
    versions: true,
    write: true,
    list: true,
    leases: true,
    stages: { current: 'current', previous: 'previous' },
  },
});
