// A fuzz report as text: a summary line, then one line per leak (renderings of one place merged),
// per crashing scenario and for a run the time limit cut short.
import type { LeakFuzzFinding, LeakFuzzReport } from './run-leak-fuzz.js';

/** Renderings of a whole object: redundant when the same canary is also found at a path below it. */
const WHOLE_OBJECT_RENDERINGS = new Set([
  'String()',
  'util.inspect',
  'util.inspect (showHidden)',
  'JSON.stringify',
]);

/** Lines at most in a report; the summary line still counts everything. */
const MAX_LINES = 60;

interface Group {
  readonly finding: LeakFuzzFinding;
  readonly renderings: string[];
}

/** `leak fuzz, seed 7: 48/48 runs in 212 ms, 3 finding(s), 0 crash(es)`. */
export function summarizeLeakReport(report: LeakFuzzReport): string {
  return (
    `leak fuzz, seed ${report.seed}: ${report.runs}/${report.plannedRuns} runs in ${report.durationMs} ms, ` +
    `${report.findings.length} finding(s), ${report.crashes.length} crash(es)`
  );
}

/** Problems of a report, one readable line each (empty when clean): leaks, crashes, a cut-short run. */
export function leakReportLines(report: LeakFuzzReport): string[] {
  const groups = groupByPlace(report.findings);
  const lines = groups
    .filter((group) => !shownBelow(group, groups))
    .map(
      ({ finding: f, renderings }) =>
        `${runName(f)}: ${f.kind} (${f.form}) in ${f.path} (${renderings.join(', ')}): ${f.excerpt}`,
    );
  for (const crash of report.crashes) lines.push(`${runName(crash)}: the scenario threw ${crash.error}`);
  if (report.incomplete) {
    lines.push(
      `the time limit stopped the fuzz after ${report.runs} of ${report.plannedRuns} runs, ` +
        `before the ${report.coverageRounds} rounds that cover every variant`,
    );
  }
  return lines.length <= MAX_LINES
    ? lines
    : [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`];
}

/** `scenario #round [answer label] (note)`, each part only when the run has it. */
function runName(run: Pick<LeakFuzzFinding, 'scenario' | 'round' | 'answer' | 'note'>): string {
  const answer = run.answer === '' ? '' : ` [${run.answer}]`;
  const note = run.note === '' ? '' : ` (${run.note})`;
  return `${run.scenario} #${run.round}${answer}${note}`;
}

/** The whole report as text: the summary line and one line per problem. */
export function formatLeakReport(report: LeakFuzzReport): string {
  return [summarizeLeakReport(report), ...leakReportLines(report)].join('\n');
}

/** One group per run, canary, form and path; the renderings that showed it are listed together. */
function groupByPlace(findings: readonly LeakFuzzFinding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of findings) {
    const key = [finding.scenario, finding.round, finding.kind, finding.form, finding.path].join('\u0000');
    const group = groups.get(key);
    if (group) group.renderings.push(finding.rendering);
    else groups.set(key, { finding, renderings: [finding.rendering] });
  }
  return [...groups.values()];
}

/** True when `group` only prints a whole object and the same run found the same canary inside it. */
function shownBelow(group: Group, groups: readonly Group[]): boolean {
  if (!group.renderings.every((rendering) => WHOLE_OBJECT_RENDERINGS.has(rendering))) return false;
  const { scenario, round, kind, path } = group.finding;
  return groups.some(
    ({ finding: other }) =>
      other.scenario === scenario &&
      other.round === round &&
      other.kind === kind &&
      other.path.length > path.length &&
      other.path.startsWith(path) &&
      '.[<'.includes(other.path[path.length]!),
  );
}
