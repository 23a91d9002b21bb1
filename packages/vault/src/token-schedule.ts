// Pure decisions for the adapter's own token (the lease schedule itself is core's, reused as is):
// whether a token can be renewed at all, and the re-login backoff.

/** What lookup-self or a login said about the token. */
export interface TokenFacts {
  /** Seconds left; 0 for a token that never expires (root). */
  ttlSeconds: number;
  renewable: boolean;
  /** 'service' or 'batch'. */
  type: string;
  policies: readonly string[];
}

/** Root tokens (TTL 0 or the root policy), batch tokens and non-renewable ones are never renewed. */
export function isRenewableToken(facts: TokenFacts): boolean {
  return (
    facts.renewable && facts.ttlSeconds > 0 && facts.type !== 'batch' && !facts.policies.includes('root')
  );
}

const RELOGIN_INITIAL_MS = 1_000;
const RELOGIN_MAX_MS = 300_000;

/**
 * The wait before re-login attempt `failure + 1` after `failure` failures (≥ 1), in ms: 1 s ×2 per
 * failure, at most 5 min, times a uniform jitter in [0.5, 1.5). Never below 500 ms: no hot loop.
 */
export function reloginBackoff(failure: number, random: () => number): number {
  const n = Number.isFinite(failure) && failure >= 1 ? Math.floor(failure) : 1;
  const base = Math.min(RELOGIN_INITIAL_MS * 2 ** (n - 1), RELOGIN_MAX_MS);
  const r = random();
  return base * (0.5 + (r >= 0 && r < 1 ? r : 0));
}

/** The longest wait `setTimeout` honours (about 24.8 days): longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
