// What close() does with live leases when `leases.revokeOnClose` is set (DESIGN §4 rule 9).
import type { CacheEntry } from './cache.js';
import { toSecretsError } from './errors.js';
import type { EventHub } from './events.js';
import type { SecretProvider } from './provider.js';
import { attemptOnce } from './provider-call.js';

/**
 * Revokes the lease of every entry whose lease is still live, each once, under the call timeout
 * and without retries; reports each outcome as a `lease` (revoked) or `error` event.
 */
export async function revokeLiveLeases(
  entries: CacheEntry[],
  provider: SecretProvider,
  timeoutMs: number,
  events: EventHub,
): Promise<void> {
  const revokeLease = provider.revokeLease?.bind(provider);
  if (!revokeLease) return;
  const now = Date.now();
  const live = entries.filter((entry) => entry.secret.lease && (entry.leaseEndsAt ?? 0) > now);
  const signal = new AbortController().signal; // the client's own signal is already aborted
  await Promise.all(
    live.map(async ({ name, secret }) => {
      const lease = secret.lease!;
      try {
        await attemptOnce((context) => revokeLease(lease, context), {
          signal,
          timeoutMs,
          provider: provider.name,
          secretName: name,
        });
        events.emit('lease', { name, leaseId: lease.id, status: 'revoked' });
      } catch (error) {
        events.emit('error', {
          name,
          operation: 'revoke-lease',
          error: toSecretsError(error, { provider: provider.name, secretName: name }),
        });
      }
    }),
  );
}
