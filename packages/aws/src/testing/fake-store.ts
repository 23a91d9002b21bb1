// The fake's state: secrets with their versions and staging labels, moved as Secrets Manager moves
// them (a new AWSCURRENT pushes the old one to AWSPREVIOUS; deletion keeps a recovery window).
import { randomUUID } from 'node:crypto';

export interface FakeVersion {
  id: string;
  value: string | Uint8Array;
  createdDate: Date;
  stages: string[];
}

export interface FakeSecret {
  name: string;
  arn: string;
  createdDate: Date;
  lastChangedDate: Date;
  /** Set while the secret is in its recovery window. */
  deletedDate?: Date;
  /** Versions in creation order. */
  versions: FakeVersion[];
}

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';
const ACCOUNT = '123456789012';

export class FakeSecretStore {
  readonly #secrets = new Map<string, FakeSecret>();
  readonly #region: string;

  constructor(region: string) {
    this.#region = region;
  }

  /** A secret by name or full ARN. */
  find(secretId: string | undefined): FakeSecret | undefined {
    if (secretId === undefined) return undefined;
    const byName = this.#secrets.get(secretId);
    if (byName) return byName;
    for (const secret of this.#secrets.values()) if (secret.arn === secretId) return secret;
    return undefined;
  }

  all(): FakeSecret[] {
    return [...this.#secrets.values()];
  }

  create(name: string, now: Date): FakeSecret {
    const suffix = randomUUID().replaceAll('-', '').slice(0, 6);
    const secret: FakeSecret = {
      name,
      arn: `arn:aws:secretsmanager:${this.#region}:${ACCOUNT}:secret:${name}-${suffix}`,
      createdDate: now,
      lastChangedDate: now,
      versions: [],
    };
    this.#secrets.set(name, secret);
    return secret;
  }

  delete(secret: FakeSecret): void {
    this.#secrets.delete(secret.name);
  }

  clear(): void {
    this.#secrets.clear();
  }

  /**
   * Adds a version carrying `stages` (taken off any other version). When AWSCURRENT moves, the old
   * current version gets AWSPREVIOUS, as PutSecretValue and rotation do.
   */
  addVersion(
    secret: FakeSecret,
    value: string | Uint8Array,
    stages: string[],
    now: Date,
    id: string = randomUUID(),
  ): FakeVersion {
    const version: FakeVersion = { id, value: copyValue(value), createdDate: now, stages: [] };
    secret.versions.push(version);
    for (const stage of stages) moveStage(secret, stage, version);
    secret.lastChangedDate = now;
    return version;
  }
}

/** Points `stage` at `target`, moving AWSPREVIOUS along when AWSCURRENT moves. */
export function moveStage(secret: FakeSecret, stage: string, target: FakeVersion): void {
  const holder = secret.versions.find((version) => version.stages.includes(stage));
  if (holder === target) return;
  if (holder) holder.stages = holder.stages.filter((label) => label !== stage);
  if (stage === CURRENT && holder) moveStage(secret, PREVIOUS, holder);
  target.stages.push(stage);
}

export function versionWithStage(secret: FakeSecret, stage: string): FakeVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(stage));
}

function copyValue(value: string | Uint8Array): string | Uint8Array {
  return typeof value === 'string' ? value : new Uint8Array(value);
}
