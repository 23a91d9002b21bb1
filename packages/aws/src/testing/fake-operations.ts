// What each Secrets Manager operation answers, given the store: the wire response, or a
// FakeException with the exception name, message and status the service uses.
import type { APIErrorType } from '@aws-sdk/client-secrets-manager';
import {
  CURRENT,
  type FakeSecret,
  type FakeSecretStore,
  type FakeVersion,
  versionWithStage,
} from './fake-store.js';
import { type AwsOperation, epochSeconds, type WireOperations } from './wire-types.js';

/** A service error as the JSON protocol sends it: `{ __type, message }` with an HTTP status. */
export class FakeException extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = 'FakeException';
    this.type = type;
    this.status = status;
  }
}

const MAX_BATCH = 20;
const DEFAULT_RECOVERY_DAYS = 30;

const notFound = () =>
  new FakeException('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
const markedForDeletion = () =>
  new FakeException(
    'InvalidRequestException',
    "You can't perform this operation on the secret because it was marked for deletion.",
  );

export interface OperationContext {
  store: FakeSecretStore;
  now: Date;
  listPageSize: number;
}

/** Annotated on each handler: an inferred return type would skip the excess-property check. */
type Answer<K extends AwsOperation> = WireOperations[K]['response'];

type Handlers = {
  [K in AwsOperation]: (
    request: WireOperations[K]['request'],
    context: OperationContext,
  ) => WireOperations[K]['response'];
};

export const OPERATIONS: Handlers = {
  GetSecretValue(request, { store }): Answer<'GetSecretValue'> {
    const secret = liveSecret(store, request.SecretId);
    const version = selectVersion(secret, request.VersionId, request.VersionStage);
    return valueEntry(secret, version);
  },

  DescribeSecret(request, { store }): Answer<'DescribeSecret'> {
    const secret = store.find(request.SecretId);
    if (!secret) throw notFound();
    const versionIdsToStages: Record<string, string[]> = {};
    for (const version of secret.versions) {
      if (version.stages.length > 0) versionIdsToStages[version.id] = [...version.stages];
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      CreatedDate: epochSeconds(secret.createdDate),
      LastChangedDate: epochSeconds(secret.lastChangedDate),
      DeletedDate: secret.deletedDate ? epochSeconds(secret.deletedDate) : undefined, // JSON drops undefined
      VersionIdsToStages: versionIdsToStages,
    };
  },

  BatchGetSecretValue(request, { store }): Answer<'BatchGetSecretValue'> {
    if (request.Filters !== undefined) {
      throw new FakeException(
        'InvalidParameterException',
        'The fake supports SecretIdList only, not Filters.',
      );
    }
    const ids = request.SecretIdList ?? [];
    if (ids.length === 0 || ids.length > MAX_BATCH) {
      throw new FakeException(
        'InvalidParameterException',
        `SecretIdList must hold between 1 and ${MAX_BATCH} secret ids.`,
      );
    }
    const values: NonNullable<WireOperations['BatchGetSecretValue']['response']['SecretValues']> = [];
    const errors: APIErrorType[] = [];
    for (const id of ids) {
      try {
        const secret = liveSecret(store, id);
        values.push(valueEntry(secret, selectVersion(secret, undefined, undefined)));
      } catch (error) {
        const exception = error as FakeException;
        errors.push({ SecretId: id, ErrorCode: exception.type, Message: exception.message });
      }
    }
    return { SecretValues: values, Errors: errors };
  },

  PutSecretValue(request, { store, now }): Answer<'PutSecretValue'> {
    const secret = liveSecret(store, request.SecretId);
    const value = requestValue(request);
    const token = request.ClientRequestToken;
    const existing =
      token === undefined ? undefined : secret.versions.find((version) => version.id === token);
    const version =
      existing ?? store.addVersion(secret, value, request.VersionStages ?? [CURRENT], now, token);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: [...version.stages] };
  },

  CreateSecret(request, { store, now }): Answer<'CreateSecret'> {
    const name = request.Name;
    if (name === undefined || name === '')
      throw new FakeException('InvalidParameterException', 'Name is required.');
    const existing = store.find(name);
    if (existing?.deletedDate) {
      throw new FakeException(
        'InvalidRequestException',
        `You can't create this secret because a secret with this name is already scheduled for deletion.`,
      );
    }
    if (existing) {
      throw new FakeException(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const secret = store.create(name, now);
    const hasValue = request.SecretString !== undefined || request.SecretBinary !== undefined;
    const version = hasValue
      ? store.addVersion(secret, requestValue(request), [CURRENT], now, request.ClientRequestToken)
      : undefined;
    return { ARN: secret.arn, Name: secret.name, VersionId: version?.id };
  },

  DeleteSecret(request, { store, now }): Answer<'DeleteSecret'> {
    if (request.ForceDeleteWithoutRecovery && request.RecoveryWindowInDays !== undefined) {
      throw new FakeException(
        'InvalidParameterException',
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    }
    const secret = store.find(request.SecretId);
    if (!secret) {
      // AWS answers a forced delete of a missing secret without an error.
      if (request.ForceDeleteWithoutRecovery) return { Name: request.SecretId };
      throw notFound();
    }
    if (request.ForceDeleteWithoutRecovery) {
      store.delete(secret);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(now) };
    }
    if (secret.deletedDate) throw markedForDeletion();
    secret.deletedDate = now;
    const days = request.RecoveryWindowInDays ?? DEFAULT_RECOVERY_DAYS;
    return {
      ARN: secret.arn,
      Name: secret.name,
      DeletionDate: epochSeconds(new Date(now.getTime() + days * 86_400_000)),
    };
  },

  ListSecrets(request, { store, listPageSize }): Answer<'ListSecrets'> {
    const visible = store.all().filter((secret) => request.IncludePlannedDeletion || !secret.deletedDate);
    const start = request.NextToken === undefined ? 0 : decodeToken(request.NextToken);
    const size = Math.min(request.MaxResults ?? 100, listPageSize);
    const page = visible.slice(start, start + size);
    const next = start + size < visible.length ? encodeToken(start + size) : undefined;
    return {
      SecretList: page.map((secret) => ({
        ARN: secret.arn,
        Name: secret.name,
        CreatedDate: epochSeconds(secret.createdDate),
        LastChangedDate: epochSeconds(secret.lastChangedDate),
      })),
      NextToken: next,
    };
  },
};

function liveSecret(store: FakeSecretStore, secretId: string | undefined): FakeSecret {
  const secret = store.find(secretId);
  if (!secret) throw notFound();
  if (secret.deletedDate) throw markedForDeletion();
  return secret;
}

function selectVersion(
  secret: FakeSecret,
  versionId: string | undefined,
  stage: string | undefined,
): FakeVersion {
  if (versionId !== undefined) {
    const version = secret.versions.find((candidate) => candidate.id === versionId);
    if (!version || (stage !== undefined && !version.stages.includes(stage))) {
      throw new FakeException(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    return version;
  }
  const label = stage ?? CURRENT;
  const version = versionWithStage(secret, label);
  if (!version) {
    throw new FakeException(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${label}`,
    );
  }
  return version;
}

function valueEntry(secret: FakeSecret, version: FakeVersion): Answer<'GetSecretValue'> {
  const entry: Answer<'GetSecretValue'> = {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    VersionStages: [...version.stages],
    CreatedDate: epochSeconds(version.createdDate),
  };
  if (typeof version.value === 'string') entry.SecretString = version.value;
  else entry.SecretBinary = Buffer.from(version.value).toString('base64');
  return entry;
}

function requestValue(request: {
  SecretString?: string | undefined;
  SecretBinary?: string | undefined;
}): string | Uint8Array {
  if (request.SecretString !== undefined && request.SecretBinary !== undefined) {
    throw new FakeException(
      'InvalidParameterException',
      'You must provide either SecretString or SecretBinary, not both.',
    );
  }
  if (request.SecretBinary !== undefined) return new Uint8Array(Buffer.from(request.SecretBinary, 'base64'));
  if (request.SecretString !== undefined) return request.SecretString;
  throw new FakeException(
    'InvalidParameterException',
    'You must provide either SecretString or SecretBinary.',
  );
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: string): number {
  try {
    const offset: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8')).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {}
  throw new FakeException('InvalidNextTokenException', 'The NextToken value is invalid.');
}
