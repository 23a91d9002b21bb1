// The provider of bench/soak.ts: the memory provider (versions, leases, fault injection, call log)
// behind a thin pass-through that (a) notes when each static value reached the client, the ground
// truth for the stale bounds, and (b) answers a share of dynamic reads late: the credential is
// minted, then the answer arrives after the client's timeout (what defect 9 of issue 11 needs).
import type { ProviderContext, SecretProvider, SecretRecord, SecretRequest } from '@secretkit/core';
import type { MemoryProvider } from '@secretkit/memory';

export interface SoakProviderHooks {
  /** Whether `name` is a dynamic secret. */
  isDynamic(name: string): boolean;
  /** Whether this dynamic read is answered late (a seeded draw). */
  answerLate(): boolean;
  /** How long after minting a late answer arrives (longer than the client's timeout). */
  lateAnswerMs: number;
  /** A static record was handed to the client at `at` (Date.now() when the answer arrived). */
  delivered(record: SecretRecord, at: number): void;
}

export interface SoakProvider extends SecretProvider {
  /** Late answers sent, and how many of them arrived after the caller had already given up. */
  readonly late: { sent: number; afterAbort: number };
}

/** A signal nobody aborts: a late answer's server has already done the work. */
const NEVER = new AbortController().signal;

/**
 * The SPI counts a lease's ttl from when the record is returned (DESIGN §2 `Lease`), and the memory
 * provider counts it from the mint: a record held back `heldMs` after minting reports the ttl it has
 * left, or the ledger would judge the client against a lease end it was never told.
 */
function withLeaseLeft(record: SecretRecord, heldMs: number): SecretRecord {
  if (record.lease === undefined) return record;
  return { ...record, lease: { ...record.lease, ttlMs: record.lease.ttlMs - heldMs } };
}

export function soakProvider(inner: MemoryProvider, hooks: SoakProviderHooks): SoakProvider {
  const late = { sent: 0, afterAbort: 0 };

  async function getSecret(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    if (hooks.isDynamic(request.name)) {
      if (!hooks.answerLate()) return inner.getSecret(request, context);
      const record = await inner.getSecret(request, { signal: NEVER }); // minted now
      const mintedAt = Date.now();
      late.sent++;
      await new Promise((resolve) => setTimeout(resolve, hooks.lateAnswerMs));
      if (context.signal.aborted) late.afterAbort++;
      return withLeaseLeft(record, Date.now() - mintedAt);
    }
    const record = await inner.getSecret(request, context);
    hooks.delivered(record, Date.now());
    return record;
  }

  return {
    name: inner.name,
    late,
    getSecret,
    getVersion: (request, context) => inner.getVersion(request, context),
    watchChanges: (listener) => inner.watchChanges(listener),
    renewLease: (lease, context) => inner.renewLease(lease, context),
    revokeLease: (lease, context) => inner.revokeLease(lease, context),
    close: () => inner.close(),
  };
}
