// Proof that the suite has teeth: a nested `vitest run` of fixtures/*.fixture.ts runs the suite
// against deliberately broken providers (thin wrappers around memory that alter one behaviour) and
// must fail exactly the checks each breakage violates, while the unaltered memory provider and a
// minimal provider (only getSecret, no capabilities) pass in the same run.
import { expect, it } from 'vitest';
import { runNestedVitest } from '../../../test-setup/nested-vitest.js';

/** What each broken fixture must fail; every other check of that fixture must pass. */
const EXPECTED_FAILURES: Record<string, string[]> = {
  // (a) an auth failure reported as NOT_FOUND
  'auth-as-not-found.fixture.ts': [
    "failNext('ACCESS_DENIED') fails exactly the next call for an existing name with ACCESS_DENIED",
    "failNext('ACCESS_DENIED') fails exactly the next call for a missing name with ACCESS_DENIED, never NOT_FOUND",
    "failNext('UNAUTHENTICATED') fails exactly the next call for an existing name with UNAUTHENTICATED",
    "failNext('UNAUTHENTICATED') fails exactly the next call for a missing name with UNAUTHENTICATED, never NOT_FOUND",
  ],
  // (b) binary values decoded and re-encoded as UTF-8: the bytes change and read as valid text, so
  // the WRONG_TYPE leak check cannot provoke its error and the setSecret bytes read-back fails too
  'loses-bytes.fixture.ts': [
    'getSecret returns bytes that are not valid UTF-8 exactly',
    'client getBinary returns bytes that are not valid UTF-8 exactly',
    'client get of bytes that are not valid UTF-8 is WRONG_TYPE',
    'WRONG_TYPE from bytes that are not UTF-8 carries no value',
    'setSecret writes a value that getSecret reads back',
  ],
  // (c) getVersion lagging one write behind getSecret
  'stale-version.fixture.ts': [
    'getVersion agrees with getSecret(...).version, before and after a second put',
    'after two puts getSecret and getVersion report the second version',
  ],
  // (d) the value quoted in error messages
  'value-in-error.fixture.ts': [
    'errors about an existing secret carry no value (abort, unknown version)',
    'injected faults carry no value',
  ],
  // (e) the abort signal ignored: the leak check's aborted reads also resolve instead of failing
  'ignores-abort.fixture.ts': [
    'errors about an existing secret carry no value (abort, unknown version)',
    'getSecret rejects with ABORTED when the signal aborted before the call',
    'getSecret rejects with ABORTED when the signal aborts right after the call starts',
    'getVersion rejects with ABORTED when the signal aborted before the call',
    'getVersion rejects with ABORTED when the signal aborts right after the call starts',
  ],
  // control: the unaltered memory provider, every capability claimed
  'memory.fixture.ts': [],
};

/** The checks that run for a provider with only getSecret, no failNext and no capabilities. */
const MINIMAL_PASSES = [
  'client get returns a text value, non-ASCII UTF-8 included',
  'getSecret returns a text value, non-ASCII UTF-8 included, under the requested name',
  'a JSON value reads through getJson, field and getSecret',
  'a missing name is NOT_FOUND through the client and from getSecret',
  'a removed secret is NOT_FOUND through the client and from getSecret',
  'every error is a SecretsError with a code from SECRETS_ERROR_CODES',
  'errors about an existing secret carry no value (abort, unknown version)',
  'PARSE from a value that is not JSON carries no value',
  'a missing field, or a field of a value that is not an object, carries no value',
  'a Secret prints as [redacted] in util.inspect, JSON.stringify and String',
  'getSecret rejects with ABORTED when the signal aborted before the call',
  'getSecret rejects with ABORTED when the signal aborts right after the call starts',
];

it('fails each broken provider on exactly the checks its breakage violates', {
  timeout: 60_000,
}, async () => {
  const {
    code,
    output,
    report,
    file: fixture,
  } = await runNestedVitest('packages/conformance/test/fixtures/vitest.fixture.config.ts');
  expect(code, output).toBe(1);

  const outcomes = (file: string) => {
    const found = fixture(file);
    expect(found.message, `${file} failed outside its tests`).toBe('');
    const titles = (status: string) =>
      found.assertionResults.filter((test) => test.status === status).map((test) => test.title);
    return { failed: titles('failed'), passed: titles('passed'), skipped: titles('skipped'), all: found };
  };

  for (const [file, expectedFailures] of Object.entries(EXPECTED_FAILURES)) {
    const { failed, skipped, all } = outcomes(file);
    expect(failed, `${file}: the failing checks`).toEqual(expectedFailures);
    expect(skipped, `${file}: claims every capability, so nothing is skipped`).toEqual([]);
    expect(all.assertionResults.length, `${file}: every check ran`).toBe(39);
  }

  const minimal = outcomes('minimal.fixture.ts');
  expect(minimal.failed).toEqual([]);
  expect(minimal.passed).toEqual(MINIMAL_PASSES);
  expect(minimal.skipped).toHaveLength(39 - MINIMAL_PASSES.length);
  expect(report.testResults).toHaveLength(Object.keys(EXPECTED_FAILURES).length + 1);
});
