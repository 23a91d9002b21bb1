// Reads nobody awaits, started by time: watch polls (a cheap version probe, then a read when the
// version moved). Change hints, the other reads nobody awaits, are in change-hints.ts.
import { callSettings } from './call-reporting.js';
import type { ClientState } from './client-state.js';
import { fetchSecret } from './fetch-secret.js';
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
      callSettings(state, { method: 'getVersion', trigger: 'watch', secretName: name }, () => {}, {
        keepAlive: false,
      }),
    );
    if (version === known) return;
  }
  await fetchSecret(state, name, undefined, 'watch');
}
