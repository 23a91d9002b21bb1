// The TokenCredential the clients we build sign in with (the user's, or DefaultAzureCredential),
// watched: the adapter remembers the bearer tokens it handed to the SDK, so an echo of one is
// scrubbed from every error, and a failed getToken never keeps the credential's own message.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { isSecretsError } from '@secretkit/core';
import { type AdapterKit, importSdk, safeIdentifier } from '@secretkit/core/adapter';
import { CredentialFailure, PROVIDER_NAME } from './errors.js';

/** How many recent tokens are scrubbed: the current one and a few it replaced (a late echo). */
const TOKENS_KEPT = 4;

/** The bearer tokens handed to the SDK, newest last. */
export class TokenMemory {
  readonly #tokens: string[] = [];

  remember(token: string): void {
    if (this.#tokens.includes(token)) return;
    this.#tokens.push(token);
    if (this.#tokens.length > TOKENS_KEPT) this.#tokens.shift();
  }

  current(): readonly string[] {
    return this.#tokens;
  }
}

/**
 * `credential` as the SDK sees it: every token it gets is remembered in `memory`; a failure is a
 * CredentialFailure of the same name with a fixed message (the original may quote a token or an
 * Entra answer), so it is UNAUTHENTICATED (ABORTED for an AbortError).
 */
export function watchedCredential(credential: TokenCredential, memory: TokenMemory): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      let token: AccessToken | null;
      try {
        token = await credential.getToken(scopes, options);
      } catch (error) {
        const failure = new CredentialFailure('the credential could not get a token');
        failure.name = safeIdentifier((error as { name?: unknown } | null)?.name) ?? 'CredentialFailure';
        throw failure;
      }
      if (typeof token?.token === 'string') memory.remember(token.token);
      return token;
    },
  };
}

/** Imports `@azure/identity` (a seam for tests; the default is a plain dynamic import). */
export type IdentityImporter = () => Promise<{ DefaultAzureCredential: new () => TokenCredential }>;

const importIdentity: IdentityImporter = () => import('@azure/identity');

/** `new DefaultAzureCredential()`, or CONFIG naming the package to install (or: pass a credential). */
export async function defaultCredential(
  kit: AdapterKit,
  importer: IdentityImporter = importIdentity,
): Promise<TokenCredential> {
  try {
    const identity = await importSdk(importer, '@azure/identity', PROVIDER_NAME);
    return new identity.DefaultAzureCredential();
  } catch (error) {
    if (!isSecretsError(error) || error.code !== 'CONFIG') throw error;
    throw kit.error('CONFIG', `${error.message}; or pass a credential`, {
      cause: error.cause as Error & { code?: string },
    });
  }
}
