// Doppler failures → SecretsError codes, through the adapter kit. Doppler's error bodies
// (`{ messages, success: false }`) carry no code, and their text is never copied: the status decides.
import { type AdapterDefinition, defineAdapter, type ErrorFacts } from '@secretkit/core/adapter';

/** What a download throws for a non-2xx answer other than 304 (see download.ts). */
export class DopplerHttpError extends Error {
  override name = 'DopplerHttpError';
  constructor(
    readonly status: number,
    readonly headers: Headers,
  ) {
    super(`Doppler answered HTTP ${status}`);
  }
}

/** Reads the facts off anything a call threw: a DopplerHttpError, a fetch failure, an abort. */
function describe(error: unknown): ErrorFacts {
  if (error instanceof DopplerHttpError) {
    const retryAfter = error.headers.get('retry-after');
    return {
      name: error.name,
      status: error.status,
      message: error.message, // ours: the body's messages are never read
      ...(retryAfter ? { retryAfter } : {}),
    };
  }
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const cause = (typeof source.cause === 'object' && source.cause !== null ? source.cause : {}) as Record<
    string,
    unknown
  >; // fetch puts the socket error here
  return {
    name: typeof source.name === 'string' ? source.name : 'Error',
    message: typeof source.message === 'string' ? source.message : '',
    ...(typeof cause.code === 'string' ? { systemCode: cause.code } : {}),
    noResponse: source.name === 'TypeError', // fetch failed: no answer at all
  };
}

/** The definition without credentials; each provider adds its own token (see doppler-secrets.ts). */
export const DOPPLER_DEFINITION: AdapterDefinition = {
  provider: 'doppler',
  label: 'Doppler',
  factory: 'dopplerSecrets',
  describe,
  /** Only where Doppler differs from DEFAULT_STATUS_CODES: every 5xx is UNAVAILABLE (DESIGN §14). */
  byStatus: { 504: 'UNAVAILABLE' },
};

/** For errors raised before a provider exists (its options); it knows no token. */
export const doppler = defineAdapter(DOPPLER_DEFINITION);
