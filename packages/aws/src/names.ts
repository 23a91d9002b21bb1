// What Secrets Manager accepts as a secret id, checked before any request so a provider called
// directly (without a client) never sends a bad name to the wire (DESIGN §5).
import type { SecretRequest } from '@secretkit/core';
import { type AdapterKit, checkRequest, checkSecretName } from '@secretkit/core/adapter';

/** A secret name: 1–512 of the characters Secrets Manager allows in names. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A secret's ARN (the full one, or a partial one without the random suffix). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
/** Longest ARN Secrets Manager takes as a SecretId. */
const MAX_ARN_LENGTH = 2048;

/** Throws CONFIG unless `name` is a secret name or a secret ARN. */
export function checkAwsName(kit: AdapterKit, name: unknown): asserts name is string {
  checkSecretName(kit, name, MAX_ARN_LENGTH);
  if (name.startsWith('arn:')) {
    if (!SECRET_ARN.test(name)) {
      throw kit.configError(
        'a secret ARN must read arn:<partition>:secretsmanager:<region>:<account>:secret:<name>',
      );
    }
    return;
  }
  if (!SECRET_NAME.test(name)) {
    throw kit.configError('a secret name is 1–512 characters of A–Z a–z 0–9 / _ + = . @ - (or a secret ARN)');
  }
}

/** Throws CONFIG unless `request` is `{ name, version?, stage? }` Secrets Manager would take; returns it. */
export function checkAwsRequest(kit: AdapterKit, request: unknown): SecretRequest {
  const checked = checkRequest(kit, request, { maxNameLength: MAX_ARN_LENGTH, stages: true });
  checkAwsName(kit, checked.name);
  return checked;
}
