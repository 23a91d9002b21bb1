// `run --watch`: the ref poller feeds a debouncer; a change the debouncer lets through restarts the
// child, signals it, or does nothing (--on-change). Failed reads are reported and change nothing.
import type { SecretResolver } from '@secretkit/refs';
import { ChangeDebouncer } from './change-debounce.js';
import type { EnvPlan } from './child-env.js';
import type { MaskSet } from './masking.js';
import { createReadReporter } from './read-refs.js';
import { type RefPoller, startRefPoller } from './ref-poller.js';
import { say } from './report.js';
import type { RunSettings } from './run-options.js';
import type { Supervisor } from './supervisor.js';

export interface WatchAndApplyOptions {
  settings: RunSettings;
  plan: EnvPlan;
  resolver: SecretResolver;
  supervisor: Supervisor;
  mask: MaskSet | undefined;
  /** The values the running child has. */
  applied: ReadonlyMap<string, string>;
  envFor(plan: EnvPlan, values: ReadonlyMap<string, string>): Record<string, string> | undefined;
}

/** The variables that take their value from one of `refs`, for messages (names, never values). */
function variablesOf(plan: EnvPlan, refs: readonly string[]): string {
  const names = [...plan.entries].filter(([, entry]) => entry.isRef && refs.includes(entry.value));
  return names.map(([name]) => name).join(', ');
}

export function watchAndApply(options: WatchAndApplyOptions): RefPoller {
  const { settings, plan, resolver, supervisor, mask, envFor } = options;
  const { onChange } = settings;
  const debouncer = new ChangeDebouncer({
    applied: options.applied,
    act(values, changed) {
      mask?.add(values.values());
      if (supervisor.stopping) return; // a stop signal came meanwhile: secretkit ends with the child
      const names = variablesOf(plan, changed);
      if (onChange.kind === 'none') {
        say(`changed: ${names} (--on-change none: nothing done)`);
      } else if (onChange.kind === 'signal') {
        say(`changed: ${names}; sending ${onChange.signal}`);
        supervisor.signal(onChange.signal);
      } else {
        const env = envFor(plan, values);
        if (env === undefined) return;
        say(`changed: ${names}; restarting`);
        supervisor.restart(env);
      }
    },
  });
  const reportRead = createReadReporter();
  const poller = startRefPoller({
    resolver,
    refs: plan.refs,
    intervalMs: settings.intervalMs,
    onRead(read) {
      if (supervisor.stopping) return;
      reportRead(read); // a failed read changes nothing: the child keeps its values
      if (!read.ok) return;
      mask?.add(read.values.values()); // new values are masked at once, before any restart
      debouncer.seen(read.values);
    },
  });
  return {
    stop() {
      poller.stop();
      debouncer.cancel();
    },
  };
}
