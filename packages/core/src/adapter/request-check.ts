// Request checks every adapter makes before any I/O, so a provider called directly (without a
// client) never sends a bad name, version or stage to the wire (DESIGN §5).
import type { SecretRequest } from '../provider.js';
import type { AdapterKit } from './define-adapter.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it rejects
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

export interface RequestRules {
  /** Longest name the service takes. */
  maxNameLength: number;
  /** Whether the service has stages (AWS); a stage given elsewhere is CONFIG. @default false */
  stages?: boolean;
  /** Longest version or stage. @default 256 */
  maxVersionLength?: number;
  /** Said after "has no stages" when a stage is given: `'ask for a version instead'`. */
  noStagesHint?: string;
}

/** True when `text` has a C0/C1 control, a line or paragraph separator, or a BOM. */
export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
}

/** Throws CONFIG unless `name` is a non-empty printable string within the service's limit. */
export function checkSecretName(kit: AdapterKit, name: unknown, maxLength: number): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw kit.configError('a secret name must be a non-empty string');
  }
  if (name.length > maxLength) {
    throw kit.configError(`a secret name is at most ${maxLength} characters; got ${name.length}`);
  }
  if (hasUnprintable(name)) throw kit.configError('a secret name must not contain control characters');
}

/** Throws CONFIG unless `request` is `{ name, version?, stage? }` within `rules`; returns it. */
export function checkRequest(kit: AdapterKit, request: unknown, rules: RequestRules): SecretRequest {
  if (typeof request !== 'object' || request === null) {
    throw kit.configError('a request must be an object { name, version?, stage? }');
  }
  const { name, version, stage } = request as Record<string, unknown>;
  checkSecretName(kit, name, rules.maxNameLength);
  const maxVersion = rules.maxVersionLength ?? 256;
  for (const [key, value] of [
    ['version', version],
    ['stage', stage],
  ] as const) {
    if (value === undefined) continue;
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > maxVersion ||
      hasUnprintable(value)
    ) {
      throw kit.configError(
        `request ${key} must be a non-empty string of at most ${maxVersion} printable characters`,
        name,
      );
    }
  }
  if (stage !== undefined && !rules.stages) {
    const hint = rules.noStagesHint === undefined ? '' : `: ${rules.noStagesHint}`;
    throw kit.configError(`${kit.label} has no stages${hint}`, name);
  }
  return request as SecretRequest;
}
