// describeProviderConformance rejects malformed options at registration with a TypeError that
// names the option, instead of registering tests that fail confusingly.
import { describeProviderConformance, type ProviderConformanceOptions } from '@secretkit/conformance';
import { expect, it } from 'vitest';

const capabilities = { binary: true, versions: true, write: false, list: false, leases: false };
const setup = async () => {
  throw new Error('never called');
};

it.each([
  ['an empty name', { name: '', setup, capabilities }, '`name`'],
  ['no setup', { name: 'p', capabilities }, '`setup`'],
  ['no capabilities', { name: 'p', setup }, '`capabilities.binary`'],
  [
    'a capability that is not a boolean',
    { name: 'p', setup, capabilities: { ...capabilities, list: 'yes' } },
    '`capabilities.list`',
  ],
  [
    'jsonMaps that is not a boolean',
    { name: 'p', setup, capabilities: { ...capabilities, binary: false, jsonMaps: 1 } },
    '`capabilities.jsonMaps`',
  ],
  [
    'jsonMaps with binary',
    { name: 'p', setup, capabilities: { ...capabilities, jsonMaps: true } },
    '`capabilities.jsonMaps` excludes `capabilities.binary`',
  ],
  [
    'stages without current',
    { name: 'p', setup, capabilities: { ...capabilities, stages: {} } },
    '`capabilities.stages.current`',
  ],
])('throws a TypeError for %s', (_, options, named) => {
  expect(() => describeProviderConformance(options as unknown as ProviderConformanceOptions)).toThrow(
    expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(named) }),
  );
});
