// The fake's state: secrets with their versions (32-hex ids, newest last), attributes in Unix
// seconds as the service sends them, and soft delete with recovery.
import { randomUUID } from 'node:crypto';

export interface FakeVersionAttributes {
  enabled: boolean;
  /** Not before, Unix seconds. */
  nbf?: number;
  /** Expires, Unix seconds. */
  exp?: number;
  created: number;
  updated: number;
}

export interface FakeVersion {
  id: string;
  value: string;
  attributes: FakeVersionAttributes;
  contentType?: string;
  tags?: Record<string, string>;
}

export interface FakeSecret {
  name: string;
  versions: FakeVersion[];
  /** Set while soft-deleted: Unix seconds of the deletion. */
  deletedDate?: number;
}

export const RECOVERABLE_DAYS = 90;

export function unixSeconds(date: Date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}

export function newVersionId(): string {
  return randomUUID().replaceAll('-', '');
}

export class FakeSecretStore {
  readonly #secrets = new Map<string, FakeSecret>();

  /** Key Vault names are case-insensitive. */
  find(name: string): FakeSecret | undefined {
    return this.#secrets.get(name.toLowerCase());
  }

  all(): FakeSecret[] {
    return [...this.#secrets.values()];
  }

  addVersion(name: string, version: Omit<FakeVersion, 'id'>): FakeVersion {
    let secret = this.find(name);
    if (!secret) {
      secret = { name, versions: [] };
      this.#secrets.set(name.toLowerCase(), secret);
    }
    const added: FakeVersion = { id: newVersionId(), ...version };
    secret.versions.push(added);
    return added;
  }

  purge(name: string): boolean {
    return this.#secrets.delete(name.toLowerCase());
  }

  clear(): void {
    this.#secrets.clear();
  }
}

export function currentVersion(secret: FakeSecret): FakeVersion | undefined {
  return secret.versions.at(-1);
}
