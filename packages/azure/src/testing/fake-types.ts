// The public shape of the Key Vault fake: its options, its call log and what a test can do with it.
import type { Clock, SocketListener, SocketOptions, UnhandledRequest } from '@secretkit/fake-kit';
import type { AnyHandler } from 'msw';
import type { FailNextOptions, NextOptions, RawAnswer } from './fake-faults.js';

export type KeyVaultOperation =
  | 'getSecret'
  | 'setSecret'
  | 'deleteSecret'
  | 'getDeletedSecret'
  | 'purgeDeletedSecret'
  | 'recoverDeletedSecret'
  | 'listSecrets'
  | 'listSecretVersions';

export interface KeyVaultFakeOptions {
  /** The vault the fake answers (a hostname, never an IP literal: msw matches by host). @default 'https://myvault.vault.azure.net' */
  vaultUrl?: string;
  /** Largest page the list endpoints return, whatever `maxresults` asks. @default 25 */
  listPageSize?: number;
  /** Tenant named in the challenge's `authorization` URL. @default '00000000-0000-0000-0000-000000000000' */
  tenantId?: string;
  /** Where `created`, `updated` and `deletedDate` come from. @default Date.now() (so fake timers drive it) */
  clock?: Clock;
  /**
   * Told about every request no handler answered (after it is recorded in `unhandledRequests`),
   * e.g. a test runner's network guard. @default none
   */
  onUnhandled?: (request: UnhandledRequest) => void;
}

/** One authenticated request the fake answered (the 401 challenges are counted apart). */
export interface KeyVaultFakeCall {
  operation: KeyVaultOperation | 'unknown';
  method: string;
  path: string;
  name?: string;
  version?: string;
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
  /** The error code answered, and its inner code. */
  code?: string;
  innerCode?: string;
}

export interface KeyVaultFakeCalls {
  /** Every authenticated request in arrival order. */
  readonly log: ReadonlyArray<Readonly<KeyVaultFakeCall>>;
  /** Authenticated requests of one operation (or all of them). */
  count(operation?: KeyVaultOperation): number;
  /** 401 challenges answered to requests without an Authorization header. */
  readonly challenges: number;
}

export interface PutOptions {
  /** @default true */
  enabled?: boolean;
  notBefore?: Date;
  expiresOn?: Date;
  contentType?: string;
  tags?: Record<string, string>;
}

export interface KeyVaultFake {
  /** The msw handlers, the catch-all last: use them with your own `setupServer` (and `onUnhandledFrame: 'error'`). */
  readonly handlers: ReadonlyArray<AnyHandler>;
  /** The vault's origin, e.g. `https://myvault.vault.azure.net`. */
  readonly vaultUrl: string;
  /** Starts answering in-process (msw with `onUnhandledFrame: 'error'`); a no-op when it already does. */
  listen(): void;
  /**
   * Also answers on a real socket, `http://127.0.0.1:<port>` (`port: 0`: any free one), as the vault
   * (`origin` defaults to `vaultUrl`), so another process can use the fake. Close it, or `close()` the fake.
   */
  listenOnSocket(options?: SocketOptions): Promise<SocketListener>;
  /** Stops answering in-process at once and closes every socket (settles when their ports are free). */
  close(): Promise<void>;
  /** Forgets every secret, fault, delay, call and unhandled request. */
  reset(): void;
  /** Writes a new current version natively (undoing a soft delete); returns its 32-hex version id. */
  put(name: string, value: string, options?: PutOptions): string;
  /** Enables or disables one version (the current one by default). */
  setEnabled(name: string, enabled: boolean, version?: string): void;
  /** Soft-deletes natively, as `DELETE /secrets/{name}` does. */
  softDelete(name: string): void;
  /** Undoes a soft delete natively. */
  recover(name: string): void;
  /** Removes a secret at once (deleted and purged); false when there was none. */
  remove(name: string): boolean;
  /** The version ids of a secret, oldest first. */
  versionsOf(name: string): string[];
  /** Whether the secret is soft-deleted. */
  isDeleted(name: string): boolean;
  /**
   * The next matching authenticated request(s) answer `status` with error `code` (and
   * `innerCode`). Status 0 drops the connection (a failure without a response).
   */
  failNext(status: number, code: string, options?: FailNextOptions): void;
  /** The next matching authenticated request(s) get `answer` as is: a proxy page, a truncated body, an echo. */
  answerNext(answer: RawAnswer, options?: NextOptions): void;
  /**
   * The next matching authenticated request(s) are answered only after `ms` (timers, so fake timers
   * drive it); a request the client aborts meanwhile is dropped at once.
   */
  delayNext(ms: number, options?: NextOptions): void;
  readonly calls: KeyVaultFakeCalls;
  /** Requests no handler matched (they were answered with a network error). */
  readonly unhandledRequests: ReadonlyArray<UnhandledRequest>;
}
