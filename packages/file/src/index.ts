// Public surface of @secretkit/file: exports only.
export type { FileProvider, FileProviderOptions } from './file-provider.js';
export { createFileProvider } from './file-provider.js';
