// The back-off a provider asks for: after THROTTLED with Retry-After, no read call goes to that
// provider object until the wait is over — from any client that shares it, in this process.
import { SecretsError } from './errors.js';

/** The longest back-off honoured; a longer Retry-After is cut to it (one probe per 5 min, at most). */
export const MAX_PROVIDER_BACKOFF_MS = 300_000;

/** Until when (ms epoch) each provider object asked to be left alone. Weak: a dropped provider goes. */
const backoffs = new WeakMap<object, number>();

/** Records a failure: THROTTLED with a usable `retryAfterMs` starts (or extends) the back-off. */
export function noteProviderFailure(provider: object, error: SecretsError, now: number): void {
  const wait = error.retryAfterMs;
  if (error.code !== 'THROTTLED' || typeof wait !== 'number' || !(wait > 0)) return;
  const until = now + Math.min(wait, MAX_PROVIDER_BACKOFF_MS);
  if (until > (backoffs.get(provider) ?? 0)) backoffs.set(provider, until);
}

/** Until when `provider` is backing off (ms epoch), or undefined when it is not at `now`. */
export function providerBackoffUntil(provider: object, now: number): number | undefined {
  const until = backoffs.get(provider);
  if (until === undefined) return undefined;
  if (until > now) return until;
  backoffs.delete(provider);
  return undefined;
}

/** The failure of an attempt that was not made because the provider is backing off: no call. */
export function backoffError(
  providerName: string,
  secretName: string | undefined,
  waitMs: number,
): SecretsError {
  return new SecretsError(
    'THROTTLED',
    `${providerName} asked to wait (Retry-After); no call made, ${waitMs} ms left`,
    {
      provider: providerName,
      retryAfterMs: waitMs,
      ...(secretName === undefined ? {} : { secretName }),
    },
  );
}
