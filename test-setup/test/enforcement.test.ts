// End-to-end proof that a violation nobody took fails its test: a nested `vitest run` of the
// fixtures/*.fixture.ts files (through fixtures/vitest.fixture.config.ts, which loads the same setup
// file) must exit non-zero, fail exactly the tests that swallowed a refused connection or an
// unhandled msw request, fail the file whose afterAll hook reached out, and pass the rest.
import { expect, it } from 'vitest';
import { runNestedVitest } from '../nested-vitest.js';

it('a test or hook that swallows a refused connection or an unhandled msw request fails', {
  timeout: 60_000,
}, async () => {
  const { code, output, file } = await runNestedVitest('test-setup/fixtures/vitest.fixture.config.ts');

  expect(code, output).not.toBe(0);
  expect(output).toContain('test network guard: this test tried to reach 1 non-loopback address(es)');
  expect(output).toContain('connect 169.254.169.254:80 via net.Socket#connect');
  expect(output).toContain('unhandled-request unhandled.example.test:443');

  const reachesOut = file('reaches-out.fixture.ts');
  expect(reachesOut.assertionResults.map(({ fullName, status }) => [fullName, status])).toEqual([
    ['FAILS: swallows a refused metadata probe and otherwise passes', 'failed'],
    ['PASSES: takes the violation it provokes on purpose', 'passed'],
    ['with an msw fake FAILS: swallows an unhandled request and otherwise passes', 'failed'],
    ['with an msw fake PASSES: only makes handled requests', 'passed'],
  ]);
  for (const { status, failureMessages } of reachesOut.assertionResults) {
    if (status === 'failed')
      expect(failureMessages.join('\n')).toMatch(/^Error: test network guard: this test/);
  }

  const leaksInAfterAll = file('leaks-in-after-all.fixture.ts');
  expect(leaksInAfterAll.assertionResults.map(({ status }) => status)).toEqual(['passed']);
  expect(leaksInAfterAll.status).toBe('failed');
  expect(leaksInAfterAll.message).toContain('test network guard: a hook of this file tried to reach');
  expect(leaksInAfterAll.message).toContain('connect metadata.google.internal:443');
});
