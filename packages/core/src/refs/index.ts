// Secret references (DESIGN §8): exports only.
export { formatSecretRef } from './format-secret-ref.js';
export { parseSecretRef } from './parse-secret-ref.js';
export type { SecretRef, SecretRefScheme } from './secret-ref.js';
export { isSecretRef, SECRET_REF_ALIASES, SECRET_REF_SCHEMES } from './secret-ref.js';
