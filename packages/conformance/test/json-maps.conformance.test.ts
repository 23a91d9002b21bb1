// capabilities.jsonMaps: the suite stores text as the JSON map {"value": text} and reads it back
// from that key, so a provider whose values are JSON maps (Vault) runs it without a test-side view.
// Here memory stands in for such a provider: its harness refuses anything but the JSON of an object.
import { describeProviderConformance } from '@secretkit/conformance';
import { memoryConformance } from './fixtures/memory-harness.js';

function assertJsonMap(value: string | Uint8Array): string {
  if (typeof value !== 'string') throw new Error('a JSON-map provider is never given bytes');
  const parsed = JSON.parse(value) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`put was given ${typeof parsed}, not the JSON of an object`);
  }
  return value;
}

const memory = memoryConformance('json maps (memory)');

describeProviderConformance({
  ...memory,
  setup: async () => {
    const harness = await memory.setup();
    return { ...harness, put: (name, value) => harness.put(name, assertJsonMap(value)) };
  },
  capabilities: { ...memory.capabilities, binary: false, jsonMaps: true },
});
