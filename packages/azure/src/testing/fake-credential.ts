// A TokenCredential for tests: hands out a fixed fake token (or fails as @azure/identity does) and
// counts getToken calls, so no test ever reaches Entra ID or the instance-metadata endpoint.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

export interface FakeCredentialOptions {
  /** The bearer token handed out. @default 'fake-access-token' */
  token?: string;
  /** Fail every getToken as `CredentialUnavailableError` or `AuthenticationError`. @default never */
  fail?: 'CredentialUnavailableError' | 'AuthenticationError';
}

export interface FakeCredential extends TokenCredential {
  /** Number of getToken calls so far. */
  readonly calls: number;
  /** Scopes and tenant of each getToken call. */
  readonly requests: ReadonlyArray<{ scopes: string[]; tenantId?: string }>;
}

/** A TokenCredential that never does I/O. */
export function fakeCredential(options: FakeCredentialOptions = {}): FakeCredential {
  const requests: Array<{ scopes: string[]; tenantId?: string }> = [];
  return {
    get calls() {
      return requests.length;
    },
    requests,
    async getToken(scopes: string | string[], tokenOptions?: GetTokenOptions): Promise<AccessToken> {
      requests.push({
        scopes: typeof scopes === 'string' ? [scopes] : [...scopes],
        ...(tokenOptions?.tenantId === undefined ? {} : { tenantId: tokenOptions.tenantId }),
      });
      if (options.fail !== undefined) {
        const error = new Error(`${options.fail}: the fake credential was told to fail`);
        error.name = options.fail;
        throw error;
      }
      return { token: options.token ?? 'fake-access-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}
