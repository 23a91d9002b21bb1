// What an adapter author hands to describeProviderConformance: the provider under test, native
// hooks to arrange state behind its back, and the capabilities it claims (DESIGN §6).
import type { SecretProvider, SecretsErrorCode } from '@secretkit/core';

/** What the provider supports. A capability that is false skips its tests (reported as skipped). */
export interface ConformanceCapabilities {
  /** Values may be bytes that are not valid UTF-8, returned exactly as written. */
  binary: boolean;
  /** `put` returns the provider's version id; older versions can be read by id. */
  versions: boolean;
  /** The provider implements `setSecret` and `deleteSecret`. */
  write: boolean;
  /** The provider implements `listSecrets`. */
  list: boolean;
  /** The provider issues leases (dynamic secrets) and implements `renewLease` and `revokeLease`. */
  leases: boolean;
  /**
   * Stage labels the provider reports, when it has them (memory: `{ current: 'current', previous:
   * 'previous' }`, AWS: `AWSCURRENT`/`AWSPREVIOUS`). `current` names the newest version, `previous`
   * the one before it. @default undefined (the stage checks are skipped)
   */
  stages?: { current: string; previous?: string };
  /**
   * Values are JSON objects, as Vault's data maps: the suite writes a text value `t` as
   * `{"value": t}` (a value that already is a JSON object as is), so `put` always receives the
   * JSON text of an object, and reads the text back from that key. Checks that need a value that is
   * not a JSON object (PARSE of invalid JSON, a field of a JSON string) are skipped. Excludes
   * `binary`. @default false
   */
  jsonMaps?: boolean;
}

/** One test's provider and the native hooks that change its state without going through the SPI. */
export interface ConformanceHarness {
  /** The SecretProvider under test. The suite never calls its `close()`: do that in `teardown`. */
  provider: SecretProvider;
  /**
   * Writes `value` under `name` natively (a fake's store, the cloud SDK) and resolves with the
   * provider's version id of what it wrote, or undefined when `capabilities.versions` is false.
   * Text is stored as text; bytes as bytes (only called with bytes when `capabilities.binary`);
   * with `capabilities.jsonMaps`, `value` is always the JSON text of an object.
   */
  put(name: string, value: string | Uint8Array): Promise<string | undefined>;
  /** Deletes `name` natively; afterwards the provider reads it as NOT_FOUND. */
  remove(name: string): Promise<void> | void;
  /**
   * Makes exactly the next provider call fail natively (a fake answers with the matching wire
   * error) so that the provider rejects with `code`. Called with at least ACCESS_DENIED,
   * UNAUTHENTICATED and UNAVAILABLE. Without it the fault checks are skipped.
   */
  failNext?(code: SecretsErrorCode): Promise<void> | void;
  /**
   * A valid name for this provider built from `label` (a simple `[a-z0-9-]` word), e.g. Vault's
   * `secret/<label>`, or a unique prefix on a shared account. @default the label itself
   */
  secretName?(label: string): string;
  /**
   * Creates a dynamic secret and resolves with its name; every read issues a credential under a
   * lease. Required when `capabilities.leases` is true.
   */
  dynamicSecret?(): Promise<string>;
  /** Runs after each test: close the provider, delete what the test wrote, stop a fake server. */
  teardown?(): Promise<void> | void;
}

export interface ProviderConformanceOptions {
  /** Shown in the suite's describe block: `provider conformance: <name>`. */
  name: string;
  /** Runs before each test and returns a harness over fresh state. */
  setup(): Promise<ConformanceHarness>;
  capabilities: ConformanceCapabilities;
}
