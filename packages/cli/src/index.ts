// Public surface of @secretkit/cli: exports only.
export { EXIT, exitCodeFor, exitCodeForCode } from './exit-codes.js';
export { main } from './main.js';
export { Masker, MaskSet, MIN_MASKED_BYTES, REDACTED } from './masking.js';
export type { ParsedTemplate, TemplatePart } from './template.js';
export { parseTemplate, renderTemplate } from './template.js';
