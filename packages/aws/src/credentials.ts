// The credentials the adapter signs with, remembered so that every error scrubs them: a server or a
// proxy may echo the access key id, the secret key or the session token (X-Amz-Security-Token).
import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';

/** Credential strings kept: the last few identities (three strings each). */
const MAX_REMEMBERED = 12;

type Identity = { accessKeyId?: unknown; secretAccessKey?: unknown; sessionToken?: unknown };

export class SigningCredentials {
  readonly #known = new Set<string>();

  /** Credentials given as an object (a provider function is read after its first use: `learn`). */
  remember(given: SecretsManagerClientConfig['credentials']): void {
    if (typeof given === 'object' && given !== null) this.#add(given);
  }

  /** Every credential string seen so far. */
  list(): string[] {
    return [...this.#known];
  }

  /**
   * After a failure that got a response, the identity the request was signed with (the SDK memoizes
   * it, so this asks no one; a client you gave us is read the same way).
   */
  async learn(client: SecretsManagerClient, error: unknown): Promise<void> {
    const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
    if (typeof metadata?.httpStatusCode !== 'number') return;
    const provider = (client.config as { credentials?: unknown }).credentials;
    if (typeof provider !== 'function') return;
    try {
      this.#add((await provider()) as Identity);
    } catch {
      // the identity is gone: nothing more to scrub
    }
  }

  #add(identity: Identity | null | undefined): void {
    for (const part of [identity?.accessKeyId, identity?.secretAccessKey, identity?.sessionToken]) {
      if (typeof part !== 'string' || part === '') continue;
      this.#known.delete(part); // re-added as the newest
      this.#known.add(part);
    }
    // Refreshed identities (STS, SSO) keep coming: the oldest are forgotten, never an unbounded set.
    for (const oldest of this.#known) {
      if (this.#known.size <= MAX_REMEMBERED) break;
      this.#known.delete(oldest);
    }
  }
}
