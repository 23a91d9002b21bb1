// The one vitest assertion of the leak fuzzer: fail with a readable line per finding.
import { expect } from 'vitest';
import { describeFinding, type LeakFinding } from './find-leaks.js';
import { leakReportLines, summarizeLeakReport } from './leak-report.js';
import type { LeakFuzzReport } from './run-leak-fuzz.js';

/**
 * Fails the test when a fuzz report (or a list of findings from findLeaks) holds any finding, any
 * crashed scenario, or stopped before covering every variant; the failure lists each one.
 */
export function expectNoLeaks(subject: LeakFuzzReport | readonly LeakFinding[], what = 'leak fuzz'): void {
  if (isFindingList(subject)) {
    expect(subject.map(describeFinding), `${what}: canaries found`).toEqual([]);
    return;
  }
  expect(leakReportLines(subject), `${what}: ${summarizeLeakReport(subject)}`).toEqual([]);
}

function isFindingList(subject: LeakFuzzReport | readonly LeakFinding[]): subject is readonly LeakFinding[] {
  return Array.isArray(subject);
}
