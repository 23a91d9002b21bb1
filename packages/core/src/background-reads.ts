// Reads nobody awaits, started by time or by the provider: watch polls (a cheap version probe,
// then a read when the version moved) and change hints (re-read what they name, DESIGN §11).
import { requestFromKey } from './cache.js';
import { callSettings } from './call-reporting.js';
import type { ClientState } from './client-state.js';
import { fetchSecret } from './fetch-secret.js';
import type { ChangeHint, SecretRequest } from './provider.js';
import { callProvider } from './provider-call.js';

/** One watch poll; a new version is re-read and stored (which emits `rotate`). */
export async function pollWatched(state: ClientState, name: string): Promise<void> {
  const { provider } = state.options;
  const entry = state.cache?.peek(name);
  // A live lease is the lease manager's: it renews or replaces it (and emits that rotation);
  // polling would mint a new credential every interval.
  if (entry?.leaseEndsAt !== undefined && entry.leaseEndsAt > Date.now()) return;
  const known = entry?.secret.version ?? state.watches.lastVersion(name);
  if (provider.getVersion && known !== undefined) {
    const version = await callProvider(
      (context) => provider.getVersion!({ name }, context),
      callSettings(state, name, () => {}, { keepAlive: false }),
    );
    if (version === known) return;
  }
  await fetchSecret(state, name, undefined, 'watch');
}

/** A provider's change hint: re-read what it names (or every entry), skipping entries already at its version. */
export function followChangeHint(state: ClientState, hint: ChangeHint): void {
  if (state.lifetime.aborted) return;
  const { watches } = state;
  const targets = new Map<string, SecretRequest>();
  for (const entry of state.cache?.values() ?? []) {
    if (hint.name !== undefined && entry.name !== hint.name) continue;
    if (hint.version !== undefined && entry.secret.version === hint.version) continue;
    const request = requestFromKey(entry.key, entry.name);
    if (request.version === undefined) targets.set(entry.key, request); // a pinned version never changes
  }
  if (hint.name !== undefined && watches.has(hint.name) && !targets.has(hint.name)) {
    if (hint.version === undefined || watches.lastVersion(hint.name) !== hint.version) {
      targets.set(hint.name, { name: hint.name });
    }
  }
  for (const request of targets.values()) {
    fetchSecret(state, request.name, request, 'hint').catch(() => {}); // reported as an `error` event
  }
}
