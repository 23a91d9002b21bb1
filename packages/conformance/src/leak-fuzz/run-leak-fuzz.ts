// runLeakFuzz: runs seeded scenarios that drive failure paths with canaries planted, searches all
// they observed (errors, events, log lines) with findLeaks, and reports every finding.
import { type Canaries, createCanaries } from './canaries.js';
import { findLeaks, type LeakFinding } from './find-leaks.js';
import {
  HOSTILE_ANSWER_KINDS,
  type HostileAnswer,
  type HostileAnswerOptions,
  hostileAnswers,
} from './hostile-answers.js';
import { deriveSeed, seededRandom } from './random.js';

/** What one run of a scenario gets. */
export interface LeakScenarioContext {
  readonly canaries: Canaries;
  /** Seeded randomness of this run (same seed, scenario and round: same sequence). */
  readonly random: () => number;
  /**
   * The next hostile answer for this scenario, drawn when first read: a scenario that reads it in
   * every run sees every kind once in its first `kinds.length` runs.
   */
  readonly answer: HostileAnswer;
  /** 0 for the scenario's first run, then 1, 2, ... */
  readonly round: number;
  /** Names what this run drove (`getMany of a malformed record`), for the report. */
  note(text: string): void;
}

/**
 * What a scenario saw, by label: `{ error, events, logs }`. Everything is searched (errors down
 * their causes, events, log lines); return only what a user could see, never the value a
 * successful read returned.
 */
export type LeakObservations = Readonly<Record<string, unknown>>;

/** One failure path to drive: set up, provoke, and return what came out. */
export interface LeakScenario {
  /** Names the scenario in reports. */
  readonly name: string;
  run(context: LeakScenarioContext): Promise<LeakObservations>;
}

export interface LeakFuzzOptions {
  /** Seeds the canaries, the hostile answers and every scenario's randomness. */
  seed: number;
  scenarios: readonly LeakScenario[];
  /** Runs per scenario. @default 2 × the number of hostile answer kinds (16), so each kind comes twice */
  rounds?: number;
  /** Stops starting runs after this long (wall clock, unaffected by fake timers). @default 3000 */
  timeLimitMs?: number;
  /**
   * Rounds that must finish within the time limit, or the report is `incomplete` (and
   * expectNoLeaks fails): enough for every variant to be tried once.
   * @default the smaller of `rounds` and the number of hostile answer kinds (8)
   */
  coverageRounds?: number;
  /** The canaries the scenarios plant. @default createCanaries(seed) */
  canaries?: Canaries;
  /** Which hostile answers scenarios get. @default every kind and dialect */
  answers?: HostileAnswerOptions;
}

/** A finding, with the run that produced it. */
export interface LeakFuzzFinding extends LeakFinding {
  readonly scenario: string;
  readonly round: number;
  /** The label of the hostile answer the run read ('' when it read none). */
  readonly answer: string;
  /** What the run said it drove, with `note()` ('' when it said nothing). */
  readonly note: string;
}

export interface LeakFuzzReport {
  readonly seed: number;
  /** Runs made, and runs planned (scenarios × rounds). */
  readonly runs: number;
  readonly plannedRuns: number;
  readonly coverageRounds: number;
  /** True when the time limit stopped the fuzz before `coverageRounds` rounds finished. */
  readonly incomplete: boolean;
  readonly durationMs: number;
  readonly findings: readonly LeakFuzzFinding[];
  /** Runs whose scenario itself threw (what it threw is searched too). */
  readonly crashes: ReadonlyArray<{
    scenario: string;
    round: number;
    answer: string;
    note: string;
    error: string;
  }>;
}

/** Runs every scenario `rounds` times (interleaved, deterministic for the seed) and reports. */
export async function runLeakFuzz(options: LeakFuzzOptions): Promise<LeakFuzzReport> {
  const { seed, scenarios } = options;
  const canaries = options.canaries ?? createCanaries(seed);
  const kindCount = options.answers?.kinds?.length ?? HOSTILE_ANSWER_KINDS.length;
  const rounds = options.rounds ?? 2 * kindCount;
  const timeLimitMs = options.timeLimitMs ?? 3000;
  const coverageRounds = Math.min(rounds, options.coverageRounds ?? kindCount);
  const started = wallClockMs();
  const generators = scenarios.map((scenario) =>
    hostileAnswers(canaries, seededRandom(deriveSeed(seed, 'answers', scenario.name)), options.answers),
  );
  const findings: LeakFuzzFinding[] = [];
  const crashes: Array<LeakFuzzReport['crashes'][number]> = [];
  let runs = 0;
  let stoppedAtRound: number | undefined;
  outer: for (let round = 0; round < rounds; round++) {
    for (const [index, scenario] of scenarios.entries()) {
      if (wallClockMs() - started > timeLimitMs) {
        stoppedAtRound = round;
        break outer;
      }
      // The answer is drawn when the scenario reads it: one that never does (core's) keeps no label.
      let answer: HostileAnswer | undefined;
      const notes: string[] = [];
      const context: LeakScenarioContext = {
        canaries,
        random: seededRandom(deriveSeed(seed, 'run', scenario.name, round)),
        round,
        get answer() {
          answer ??= generators[index]!.next().value;
          return answer;
        },
        note: (text) => {
          notes.push(text);
        },
      };
      let observed: LeakObservations;
      try {
        observed = await scenario.run(context);
      } catch (error) {
        observed = { thrown: error };
        crashes.push({ ...runOf(scenario.name, round, answer, notes), error: describeThrown(error) });
      }
      runs++;
      for (const [label, subject] of Object.entries(observed)) {
        for (const finding of findLeaks(subject, canaries, { path: label })) {
          findings.push({ ...finding, ...runOf(scenario.name, round, answer, notes) });
        }
      }
    }
  }
  return {
    seed,
    runs,
    plannedRuns: rounds * scenarios.length,
    coverageRounds,
    incomplete: stoppedAtRound !== undefined && stoppedAtRound < coverageRounds,
    durationMs: Math.round(wallClockMs() - started),
    findings,
    crashes,
  };
}

function runOf(scenario: string, round: number, answer: HostileAnswer | undefined, notes: string[]) {
  return { scenario, round, answer: answer?.label ?? '', note: notes.join('; ') };
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}

/** Taken when this module loads, before a test fakes timers: vitest's fake timers replace process.hrtime too. */
const realHrtime = process.hrtime.bigint;

/** Monotonic wall clock in ms, unaffected by fake timers. */
function wallClockMs(): number {
  return Number(realHrtime() / 1_000_000n);
}
