// A cleaned copy of a node-vault/axios error for `SecretsError.cause`: name, message, status,
// Vault's errors[] and a Node system code. Axios errors carry the request config with the
// X-Vault-Token header, and login bodies hold secret IDs and JWTs: the original never travels on.

export interface CleanVaultError extends Error {
  statusCode?: number;
  /** Vault's `errors[]` (messages, never values). */
  errors?: string[];
  /** A Node system error code (ECONNREFUSED, ETIMEDOUT, ...) when there was no response. */
  code?: string;
}

export function cleanCause(error: unknown, secrets: readonly string[] = []): CleanVaultError {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const copy: CleanVaultError = new Error(
    scrub(typeof source.message === 'string' ? source.message : String(error), secrets),
  );
  copy.name = typeof source.name === 'string' ? source.name : 'Error';
  const status = statusOf(error);
  if (status !== undefined) copy.statusCode = status;
  const errors = vaultErrors(error);
  if (errors.length > 0) copy.errors = errors.map((e) => scrub(e, secrets));
  if (typeof source.code === 'string' && /^E[A-Z_]+$/.test(source.code)) copy.code = source.code;
  return copy;
}

/** The HTTP status of a node-vault ApiResponseError (duck-typed: the class is not exported). */
export function statusOf(error: unknown): number | undefined {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return typeof response?.statusCode === 'number' ? response.statusCode : undefined;
}

/** Vault's `errors[]` strings from an ApiResponseError body. */
export function vaultErrors(error: unknown): string[] {
  const body = (error as { response?: { body?: { errors?: unknown } } } | null)?.response?.body;
  const errors = body?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [];
}

/** Vault's `warnings[]` strings from an ApiResponseError body. */
export function vaultWarnings(error: unknown): string[] {
  const body = (error as { response?: { body?: { warnings?: unknown } } } | null)?.response?.body;
  const warnings = body?.warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
