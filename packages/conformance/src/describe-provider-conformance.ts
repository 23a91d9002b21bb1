// describeProviderConformance: registers the conformance suite (DESIGN §6) as vitest blocks for one
// provider. Each check is its own test, so a failure names the broken behaviour.
import { describe } from 'vitest';
import { describeAbort } from './abort.js';
import { describeBinary } from './binary.js';
import { describeCapabilities } from './capabilities.js';
import { registerConformanceRun } from './conformance-run.js';
import { describeErrors } from './errors.js';
import type { ConformanceCapabilities, ProviderConformanceOptions } from './harness.js';
import { describeLeaks } from './leaks.js';
import { describeReads } from './reads.js';
import { describeVersions } from './versions.js';

const CAPABILITY_FLAGS = ['binary', 'versions', 'write', 'list', 'leases'] as const;

/**
 * Registers `describe('provider conformance: <name>')` with every check of the suite. `setup` runs
 * before each test (fresh state), the harness's `teardown` after it; claimed capabilities run their
 * checks, the others are reported as skipped.
 */
export function describeProviderConformance(options: ProviderConformanceOptions): void {
  assertOptions(options);
  const { name, setup, capabilities } = options;
  describe(`provider conformance: ${name}`, () => {
    const run = registerConformanceRun(setup, capabilities);
    describeReads(run);
    describeBinary(run, capabilities);
    describeVersions(run, capabilities);
    describeErrors(run, capabilities);
    describeLeaks(run, capabilities);
    describeAbort(run);
    describeCapabilities(run, capabilities);
  });
}

/** A mistake in the options is a TypeError at registration, not a confusing test failure. */
function assertOptions(options: ProviderConformanceOptions): void {
  const given = options as Partial<ProviderConformanceOptions> | undefined;
  if (typeof given?.name !== 'string' || given.name.length === 0) {
    throw new TypeError('describeProviderConformance: `name` must be a non-empty string');
  }
  if (typeof given.setup !== 'function') {
    throw new TypeError('describeProviderConformance: `setup` must be a function returning a harness');
  }
  const capabilities: Partial<ConformanceCapabilities> | undefined = given.capabilities;
  for (const flag of CAPABILITY_FLAGS) {
    if (typeof capabilities?.[flag] !== 'boolean') {
      throw new TypeError(`describeProviderConformance: \`capabilities.${flag}\` must be true or false`);
    }
  }
  const jsonMaps = capabilities?.jsonMaps;
  if (jsonMaps !== undefined && typeof jsonMaps !== 'boolean') {
    throw new TypeError('describeProviderConformance: `capabilities.jsonMaps` must be true or false');
  }
  if (jsonMaps === true && capabilities?.binary === true) {
    throw new TypeError(
      'describeProviderConformance: `capabilities.jsonMaps` excludes `capabilities.binary`',
    );
  }
  const stages = capabilities?.stages;
  if (stages !== undefined && (typeof stages?.current !== 'string' || stages.current.length === 0)) {
    throw new TypeError('describeProviderConformance: `capabilities.stages.current` must be a stage label');
  }
}
