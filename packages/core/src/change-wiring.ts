// Where change hints enter a client: the provider's watchChanges and the sources of the `changes`
// option (DESIGN §11) both arrive here; a hint of the wrong shape is reported and dropped.
import { followChangeHint, normalizeHint } from './change-hints.js';
import { runChangeSources } from './change-sources.js';
import type { ClientState } from './client-state.js';
import { SecretsError } from './errors.js';

/** Checks a hint from `from` (a provider or a source) and re-reads what it names. */
export function acceptHint(state: ClientState, hint: unknown, from: string): void {
  if (state.lifetime.aborted) return;
  const checked = normalizeHint(hint);
  if (checked !== undefined) {
    followChangeHint(state, checked);
    return;
  }
  const error = new SecretsError(
    'CONFIG',
    `${from} gave a change hint that is not { name?, aliases?, version? } of non-empty strings; it was dropped`,
  );
  state.events.emit('error', { operation: 'changes', error });
}

/** Starts the client's change sources; they run until close() aborts the client's lifetime. */
export function startChanges(state: ClientState): void {
  const { changes, random } = state.options;
  if (changes.length === 0) return;
  runChangeSources(changes, {
    signal: state.lifetime,
    hint: (hint, source) => acceptHint(state, hint, `change source "${source}"`),
    reportError: (error) => state.events.emit('error', { operation: 'changes', error }),
    random,
  });
}
