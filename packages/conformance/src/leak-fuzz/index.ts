// The leak fuzzer: canaries, hostile server answers, a finder that searches everything a user can
// see, and a seeded runner. Exports only.
export type { Canaries, Canary, CanaryForm, CanaryKind, CanaryNeedle } from './canaries.js';
export { createCanaries, defineCanary, FRAGMENT_WINDOW } from './canaries.js';
export { expectNoLeaks } from './expect-no-leaks.js';
export type { FindLeaksOptions, LeakFinding } from './find-leaks.js';
export { describeFinding, findLeaks } from './find-leaks.js';
export type {
  HostileAnswer,
  HostileAnswerKind,
  HostileAnswerOptions,
  HostileDialect,
} from './hostile-answers.js';
export {
  HOSTILE_ANSWER_KINDS,
  HOSTILE_DIALECTS,
  hostileAnswers,
  toResponse,
} from './hostile-answers.js';
export { formatLeakReport, leakReportLines, summarizeLeakReport } from './leak-report.js';
export type { LogCapture } from './observe.js';
export { captureLogs, errorOf, observeCall, observeClientRead } from './observe.js';
export { seededRandom } from './random.js';
export type {
  LeakFuzzFinding,
  LeakFuzzOptions,
  LeakFuzzReport,
  LeakObservations,
  LeakScenario,
  LeakScenarioContext,
} from './run-leak-fuzz.js';
export { runLeakFuzz } from './run-leak-fuzz.js';
