// The per-test state every check reads: the harness that setup returned for the running test, a
// client over its provider, and fresh provider contexts. Registered as beforeEach/afterEach hooks.
import {
  createSecretsClient,
  type ProviderContext,
  type SecretProvider,
  type SecretsClient,
} from '@secretkit/core';
import { afterEach, beforeEach } from 'vitest';
import type { ConformanceCapabilities, ConformanceHarness, ProviderConformanceOptions } from './harness.js';
import { asJsonMap, fromJsonMap, textOf } from './values.js';

/** The running test's view of the provider under test. Valid only inside a test. */
export interface ConformanceRun {
  readonly harness: ConformanceHarness;
  readonly provider: SecretProvider;
  /**
   * `createSecretsClient({ provider, retry: false, cache: false })`: one client call is exactly one
   * provider call, so what the provider does is what the client shows.
   */
  readonly client: SecretsClient;
  /** The provider's name for `label` (harness.secretName, else the label itself). */
  name(label: string): string;
  /** A context whose signal never aborts. */
  context(): ProviderContext;
  /** Writes through the harness (text in its stored form), resolving with the version id it reports. */
  put(label: string, value: string | Uint8Array): Promise<string | undefined>;
  /** How a text value is stored: itself, or `{"value": text}` with `capabilities.jsonMaps`. */
  stored(value: string): string;
  /** The text of a value read back (a record's value, a client's string): the inverse of `stored`. */
  text(value: string | Uint8Array): string;
}

/** Registers the hooks that give each test fresh state, and returns the accessor the checks use. */
export function registerConformanceRun(
  setup: ProviderConformanceOptions['setup'],
  capabilities: ConformanceCapabilities,
): ConformanceRun {
  const jsonMaps = capabilities.jsonMaps === true;
  let current: { harness: ConformanceHarness; client: SecretsClient } | undefined;

  beforeEach(async () => {
    const harness = await setup();
    if (typeof harness?.provider?.getSecret !== 'function') {
      throw new TypeError('describeProviderConformance: setup() must resolve with { provider, put, remove }');
    }
    current = {
      harness,
      client: createSecretsClient({ provider: harness.provider, retry: false, cache: false }),
    };
  });

  afterEach(async () => {
    const finished = current;
    current = undefined;
    await finished?.harness.teardown?.();
  });

  const running = () => {
    if (current === undefined) throw new Error('the conformance harness is only available inside a test');
    return current;
  };

  const run: ConformanceRun = {
    get harness() {
      return running().harness;
    },
    get provider() {
      return running().harness.provider;
    },
    get client() {
      return running().client;
    },
    name: (label) => running().harness.secretName?.(label) ?? label,
    context: () => ({ signal: new AbortController().signal }),
    put: (label, value) =>
      running().harness.put(run.name(label), typeof value === 'string' ? run.stored(value) : value),
    stored: (value) => (jsonMaps ? asJsonMap(value) : value),
    text: (value) => (jsonMaps ? fromJsonMap(textOf(value)) : textOf(value)),
  };
  return run;
}
