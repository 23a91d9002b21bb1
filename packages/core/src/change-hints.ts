// Change hints (DESIGN §2, §11), from a provider's watchChanges or a change source: a reason to
// re-read what they name — matched through aliases, skipped for entries already at the hint's
// version, coalesced with a hint's read in flight — never a value. Pinned versions never change.
import { requestFromKey } from './cache.js';
import type { ClientState } from './client-state.js';
import { fetchSecret } from './fetch-secret.js';
import type { ChangeHint, SecretRequest } from './provider.js';

/** A hint of the right shape, copied; undefined for anything else (core reports and drops it). */
export function normalizeHint(hint: unknown): ChangeHint | undefined {
  if (typeof hint !== 'object' || hint === null || Array.isArray(hint)) return undefined;
  const { name, aliases, version } = hint as Record<string, unknown>;
  const text = (value: unknown) => typeof value === 'string' && value !== '';
  if (name !== undefined && !text(name)) return undefined;
  if (version !== undefined && !text(version)) return undefined;
  if (aliases !== undefined && !(Array.isArray(aliases) && aliases.every(text))) return undefined;
  return {
    ...(name === undefined ? {} : { name: name as string }),
    ...(aliases === undefined || aliases.length === 0 ? {} : { aliases: [...(aliases as string[])] }),
    ...(version === undefined ? {} : { version: version as string }),
  };
}

/** The names a hint is about (its name and aliases), or undefined when it names nothing: everything. */
export function hintNames(hint: ChangeHint): ReadonlySet<string> | undefined {
  const names = [...(hint.name === undefined ? [] : [hint.name]), ...(hint.aliases ?? [])];
  return names.length === 0 ? undefined : new Set(names);
}

/** A cached entry, as the target selection sees it. */
export interface HintCandidate {
  key: string;
  name: string;
  version: string | undefined;
}

/** The reads a hint asks for, by cache key. */
export interface HintTarget {
  key: string;
  request: SecretRequest;
}

/**
 * Which entries a hint re-reads: every unpinned entry whose name is among the hint's names (every
 * unpinned entry for a nameless hint) and whose version is not already the hint's; plus each named,
 * watched name without an entry whose last seen version is not the hint's.
 */
export function selectHintTargets(
  hint: ChangeHint,
  entries: Iterable<HintCandidate>,
  watched: (name: string) => { lastVersion: string | undefined } | undefined,
): HintTarget[] {
  const names = hintNames(hint);
  const targets = new Map<string, HintTarget>();
  for (const entry of entries) {
    if (names !== undefined && !names.has(entry.name)) continue;
    if (hint.version !== undefined && entry.version === hint.version) continue;
    const request = requestFromKey(entry.key, entry.name);
    if (request.version === undefined) targets.set(entry.key, { key: entry.key, request });
  }
  for (const name of names ?? []) {
    const watch = targets.has(name) ? undefined : watched(name);
    if (watch === undefined) continue;
    if (hint.version === undefined || watch.lastVersion !== hint.version) {
      targets.set(name, { key: name, request: { name } });
    }
  }
  return [...targets.values()];
}

/** Re-reads what `hint` names (a failed read is an `error` event with operation 'hint'). */
export function followChangeHint(state: ClientState, hint: ChangeHint): void {
  if (state.lifetime.aborted) return;
  const entries: HintCandidate[] = [];
  for (const entry of state.cache?.values() ?? []) {
    entries.push({ key: entry.key, name: entry.name, version: entry.secret.version });
  }
  const { watches } = state;
  const targets = selectHintTargets(hint, entries, (name) =>
    watches.has(name) ? { lastVersion: watches.lastVersion(name) } : undefined,
  );
  for (const { key, request } of targets) void rereadForHint(state, key, request, hint.version);
}

/**
 * One hint's read of one key. A hint's read already in flight started after an earlier hint, so
 * this one joins it; any other read in flight (a get, a poll) may have started before the change,
 * so a new read follows it. A joined read that did not reach the hint's version is read again.
 */
async function rereadForHint(
  state: ClientState,
  key: string,
  request: SecretRequest,
  version: string | undefined,
): Promise<void> {
  const reread = () => fetchSecret(state, request.name, request, 'hint');
  const joinsHint = state.flights.startedBy(key) === 'hint';
  const running = state.flights.get(key);
  try {
    if (running === undefined) {
      await reread();
      return;
    }
    const settled = await (joinsHint ? reread() : running.catch(() => undefined));
    if (settled !== undefined && (version === undefined ? joinsHint : settled.version === version)) return;
    if (joinsHint && version === undefined) return;
    if (!state.lifetime.aborted) await reread();
  } catch {
    // reported as an `error` event (operation 'hint') by fetchFailed
  }
}
