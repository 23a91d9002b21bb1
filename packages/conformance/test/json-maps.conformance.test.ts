// capabilities.jsonMaps: the suite stores text as the JSON map {"value": text} and reads it back
// from that key, so a provider whose values are JSON maps (Vault) runs it without a test-side view.
// Here memory stands in for such a provider: its harness refuses anything but the JSON of an object.
import { describeProviderConformance } from '@secretkit/conformance';
import { createMemoryProvider } from '@secretkit/memory';
import { DYNAMIC_SECRET } from './fixtures/memory-harness.js';

function assertJsonMap(value: string | Uint8Array): string {
  if (typeof value !== 'string') throw new Error('a JSON-map provider is never given bytes');
  const parsed = JSON.parse(value) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`put was given ${typeof parsed}, not the JSON of an object`);
  }
  return value;
}

describeProviderConformance({
  name: 'json maps (memory)',
  setup: async () => {
    const memory = createMemoryProvider();
    return {
      provider: memory,
      put: async (name, value) => memory.set(name, assertJsonMap(value)),
      remove: async (name) => {
        memory.remove(name);
      },
      failNext: (code) => memory.failNext(code),
      dynamicSecret: async () => {
        memory.defineDynamic(DYNAMIC_SECRET, { ttl: 60_000 });
        return DYNAMIC_SECRET;
      },
      teardown: () => memory.close(),
    };
  },
  capabilities: {
    binary: false,
    versions: true,
    write: true,
    list: true,
    leases: true,
    stages: { current: 'current', previous: 'previous' },
    jsonMaps: true,
  },
});
