// A provider of dynamic secrets for core's lease tests: every getSecret mints a new credential
// under a new lease, answers after a scripted latency and ignores its abort signal — as a server
// that minted the credential before the client stopped waiting. Revocations are recorded.
import type { Lease, SecretProvider, SecretRecord } from '../src/index.js';
import { SecretsError, type SecretsErrorCode } from '../src/index.js';

export interface MintingProvider extends SecretProvider {
  /** getSecret calls made. */
  calls: number;
  /** Every lease minted, in order (the objects handed to core). */
  readonly minted: Lease[];
  /** Lease ids revoked, in order. */
  readonly revoked: string[];
  /** How long each next getSecret takes (ms, setTimeout), in order; then `latencyMs`. */
  delays: number[];
  latencyMs: number;
  /** The next getSecret calls fail with these codes, in order. */
  failures: SecretsErrorCode[];
}

export function mintingProvider(lease: { ttlMs: number; renewable?: boolean }): MintingProvider {
  const provider: MintingProvider = {
    name: 'minting',
    calls: 0,
    minted: [],
    revoked: [],
    delays: [],
    latencyMs: 0,
    failures: [],
    async getSecret(request): Promise<SecretRecord> {
      provider.calls++;
      const serial = provider.minted.length + 1;
      const delay = provider.delays.shift() ?? provider.latencyMs;
      const failure = provider.failures.shift();
      if (failure === undefined) {
        provider.minted.push({
          id: `lease-${serial}`,
          ttlMs: lease.ttlMs,
          renewable: lease.renewable ?? false,
        });
      }
      const minted = provider.minted.at(-1)!;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      else await Promise.resolve();
      if (failure !== undefined)
        throw new SecretsError(failure, `minting ${failure}`, { provider: 'minting' });
      return { name: request.name, value: `credential-${serial}`, lease: minted };
    },
    async revokeLease(revoked) {
      provider.revoked.push(revoked.id);
    },
  };
  return provider;
}
