// What close() does with live leases when `leases.revokeOnClose` is set (DESIGN §4 rule 9).
import { emitLease } from './diagnostics.js';
import { toSecretsError } from './errors.js';
import type { EventHub } from './events.js';
import type { Lease, SecretProvider } from './provider.js';
import { attemptAlone } from './provider-call.js';

/**
 * Revokes each live lease once, under the call timeout and without retries; reports each outcome
 * as a `lease` (revoked) or `error` event.
 */
export async function revokeLiveLeases(
  live: Array<{ name: string; lease: Lease }>,
  provider: SecretProvider,
  timeoutMs: number,
  events: EventHub,
): Promise<void> {
  const revokeLease = provider.revokeLease?.bind(provider);
  if (!revokeLease) return;
  const signal = new AbortController().signal; // the client's own signal is already aborted
  await Promise.all(
    live.map(async ({ name, lease }) => {
      try {
        await attemptAlone((context) => revokeLease(lease, context), {
          signal,
          timeoutMs,
          provider: provider.name,
          secretName: name,
          method: 'revokeLease',
        });
        emitLease(events, provider.name, { name, leaseId: lease.id, status: 'revoked' });
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
