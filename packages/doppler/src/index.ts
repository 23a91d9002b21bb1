// Public surface of @secretkit/doppler: exports only.
export type { DopplerProvider } from './doppler-secrets.js';
export { dopplerSecrets } from './doppler-secrets.js';
export type { DopplerSecretsOptions } from './options.js';
