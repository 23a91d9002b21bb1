// runLeakFuzz: deterministic for a seed, every scenario sees every hostile answer kind, findings
// name the run that made them, crashes and a time limit that cut coverage short fail the check.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogs,
  createCanaries,
  errorOf,
  expectNoLeaks,
  formatLeakReport,
  HOSTILE_ANSWER_KINDS,
  type LeakScenario,
  leakReportLines,
  runLeakFuzz,
} from '../src/leak-fuzz/index.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A scenario that records what it was given and observes nothing. */
function recorder(name: string, log: string[]): LeakScenario {
  return {
    name,
    run: async ({ answer, round, random }) => {
      log.push(`${name} #${round} ${answer.label} ${random().toFixed(6)}`);
      return {};
    },
  };
}

describe('runLeakFuzz', () => {
  it('runs each scenario `rounds` times, interleaved, the same way for the same seed', async () => {
    const first: string[] = [];
    const report = await runLeakFuzz({
      seed: 5,
      rounds: 3,
      scenarios: [recorder('a', first), recorder('b', first)],
    });
    expect(report).toMatchObject({
      seed: 5,
      runs: 6,
      plannedRuns: 6,
      incomplete: false,
      findings: [],
      crashes: [],
    });
    expect(first.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'a #0',
      'b #0',
      'a #1',
      'b #1',
      'a #2',
      'b #2',
    ]);
    const again: string[] = [];
    await runLeakFuzz({ seed: 5, rounds: 3, scenarios: [recorder('a', again), recorder('b', again)] });
    expect(again).toEqual(first);
    const other: string[] = [];
    await runLeakFuzz({ seed: 6, rounds: 3, scenarios: [recorder('a', other), recorder('b', other)] });
    expect(other).not.toEqual(first);
  });

  it('gives each scenario every hostile answer kind in its first rounds (twice by default)', async () => {
    const kinds: string[] = [];
    const scenario: LeakScenario = {
      name: 'kinds',
      run: async ({ answer }) => {
        kinds.push(answer.kind);
        return {};
      },
    };
    const report = await runLeakFuzz({ seed: 9, scenarios: [scenario] });
    expect(report.runs).toBe(2 * HOSTILE_ANSWER_KINDS.length);
    expect(new Set(kinds.slice(0, HOSTILE_ANSWER_KINDS.length))).toEqual(new Set(HOSTILE_ANSWER_KINDS));
  });

  it('reports what each run observed, by label, with the run that made it', async () => {
    const scenario: LeakScenario = {
      name: 'echo',
      run: async ({ canaries, round }) =>
        round === 1
          ? {
              error: new Error('clean', { cause: { token: canaries.token } }),
              logs: [`pw=${canaries.password}`],
            }
          : {},
    };
    const report = await runLeakFuzz({ seed: 3, rounds: 2, scenarios: [scenario] });
    const lines = report.findings.map((f) => `${f.scenario} #${f.round} ${f.kind} ${f.path} ${f.rendering}`);
    expect(lines).toContain('echo #1 token error.cause.token text');
    expect(lines).toContain('echo #1 password logs[0] text');
    // The scenario never read its hostile answer, so none is named.
    expect(report.findings.every((f) => f.answer === '' && f.round === 1)).toBe(true);
    expect(leakReportLines(report).join('\n')).toMatch(
      /^echo #1: token \(raw\) in error\.cause\.token \(text\): "/m,
    );
    expect(() => expectNoLeaks(report)).toThrow(
      /^leak fuzz: leak fuzz, seed 3: 2\/2 runs in \d+ ms, \d+ finding\(s\), 0 crash\(es\)/,
    );
  });

  it('names a run by its answer and what it noted', async () => {
    const scenario: LeakScenario = {
      name: 'noted',
      run: async ({ answer, canaries, note }) => {
        note(`variant ${answer.kind}`);
        return { error: new Error(canaries.password) };
      },
    };
    const report = await runLeakFuzz({ seed: 8, rounds: 1, scenarios: [scenario] });
    const [finding] = report.findings;
    expect(finding!.note).toBe(`variant ${report.findings[0]!.answer.split(' ')[0]}`);
    expect(leakReportLines(report)[0]).toBe(
      `noted #0 [${finding!.answer}] (${finding!.note}): password (raw) in error (message, stack, String(), util.inspect, util.inspect (showHidden)): ${finding!.excerpt}`,
    );
  });

  it('records a scenario that throws, and searches what it threw', async () => {
    const scenario: LeakScenario = {
      name: 'crashes',
      run: async ({ canaries }) => {
        throw new TypeError(`cannot read ${canaries.key}`);
      },
    };
    const report = await runLeakFuzz({ seed: 4, rounds: 1, scenarios: [scenario] });
    expect(report.crashes).toHaveLength(1);
    expect(report.crashes[0]!.error).toMatch(/^TypeError: cannot read/);
    expect(report.findings.map((f) => `${f.kind} ${f.path} ${f.rendering}`)).toContain('key thrown message');
    expect(leakReportLines({ ...report, findings: [] })).toEqual([
      `crashes #0: the scenario threw TypeError: cannot read ${createCanaries(4).key}`,
    ]);
    expect(() => expectNoLeaks({ ...report, findings: [] })).toThrow();
  });

  it('stops at the time limit, and a stop before every variant was tried fails the check', async () => {
    const slow: LeakScenario = {
      name: 'slow',
      run: async () => {
        const until = Date.now() + 5;
        while (Date.now() < until) {
          // burn real time
        }
        return {};
      },
    };
    const report = await runLeakFuzz({ seed: 1, timeLimitMs: 1, scenarios: [slow] });
    expect(report.incomplete).toBe(true);
    expect(report.runs).toBeLessThan(report.plannedRuns);
    expect(leakReportLines(report).at(-1)).toMatch(/^the time limit stopped the fuzz after \d+ of 16 runs/);
    expect(() => expectNoLeaks(report)).toThrow();
    const enough = await runLeakFuzz({ seed: 1, timeLimitMs: 1, coverageRounds: 0, scenarios: [slow] });
    expect(enough.incomplete).toBe(false);
  });

  it('measures its time limit on the real clock, so fake timers moving hours do not stop it', async () => {
    vi.useFakeTimers();
    const scenario: LeakScenario = {
      name: 'hours',
      run: async () => {
        await vi.advanceTimersByTimeAsync(3_600_000);
        return {};
      },
    };
    const report = await runLeakFuzz({ seed: 2, rounds: 4, timeLimitMs: 1000, scenarios: [scenario] });
    expect(report).toMatchObject({ runs: 4, incomplete: false });
  });

  it('uses the canaries given, and formats a summary line', async () => {
    const canaries = createCanaries(77);
    const seen: string[] = [];
    const scenario: LeakScenario = {
      name: 'given',
      run: async (context) => {
        seen.push(context.canaries.value);
        return {};
      },
    };
    const report = await runLeakFuzz({ seed: 1, rounds: 1, canaries, scenarios: [scenario] });
    expect(seen).toEqual([canaries.value]);
    expect(formatLeakReport(report)).toMatch(
      /^leak fuzz, seed 1: 1\/1 runs in \d+ ms, 0 finding\(s\), 0 crash\(es\)$/,
    );
    expectNoLeaks(report);
  });
});

describe('observing helpers', () => {
  it('errorOf: the rejection or the throw, never the value', async () => {
    const boom = new Error('boom');
    expect(await errorOf(Promise.resolve('the secret'))).toBeUndefined();
    expect(await errorOf(Promise.reject(boom))).toBe(boom);
    expect(
      await errorOf(() => {
        throw boom;
      }),
    ).toBe(boom);
  });

  it('captureLogs: console, the standard streams and warnings, until stop() restores them', () => {
    const originals = [
      console.log,
      console.error,
      process.stderr.write,
      process.stdout.write,
      process.emitWarning,
    ];
    const logs = captureLogs();
    try {
      expect(console.log).not.toBe(originals[0]);
      console.log('one %s', 'two');
      console.error(new Error('three'));
      process.stderr.write('four\n');
      process.stdout.write(Buffer.from('five'));
      process.emitWarning('six');
    } finally {
      logs.stop();
    }
    logs.stop();
    expect(logs.lines[0]).toBe('one two');
    expect(logs.lines[1]).toMatch(/^Error: three\n/);
    expect(logs.lines.slice(2)).toEqual(['four\n', 'five', 'six']);
    expect([
      console.log,
      console.error,
      process.stderr.write,
      process.stdout.write,
      process.emitWarning,
    ]).toEqual(originals);
  });
});
