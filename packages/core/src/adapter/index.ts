// Public surface of @secretkit/core/adapter: what every adapter needs and no app code does
// (DESIGN §13). Exports only.
export type { CleanCause } from './clean-cause.js';
export { cleanCause } from './clean-cause.js';
export type { AdapterDefinition, AdapterKit, BuildOptions, FailureContext } from './define-adapter.js';
export { defineAdapter } from './define-adapter.js';
export type { ErrorFacts, ErrorTable } from './error-facts.js';
export { codeForFacts, DEFAULT_STATUS_CODES } from './error-facts.js';
export type { HintFanOut } from './hint-fan-out.js';
export { hintFanOut } from './hint-fan-out.js';
export { nonBlankText, objectOf, parseJsonOrUndefined } from './json-fields.js';
export type { LazyClient, LazyClientOptions, WithClient } from './lazy-client.js';
export { importSdk, lazyClient } from './lazy-client.js';
export type { FetchHandler, NodeListener } from './node-listener.js';
export { toNodeListener } from './node-listener.js';
export { checkOptions } from './options-check.js';
export type { ReceiveLoop } from './polling-source.js';
export { startUntilAborted } from './polling-source.js';
export type { PushEndpoint, PushEndpointOptions, PushEndpointRules } from './push-endpoint.js';
export { pushEndpoint } from './push-endpoint.js';
export type { RequestRules } from './request-check.js';
export { checkRequest, checkSecretName, hasUnprintable } from './request-check.js';
export { parseRetryAfter } from './retry-after.js';
export { safeIdentifier, safeMessage, safeRequestId, scrubCredentials, secretForms } from './scrub.js';
export type { SendOptions } from './send.js';
export { sendAborting } from './send.js';
export type { ServiceUrlRules } from './service-url.js';
export { checkServiceUrl, isLoopbackHost } from './service-url.js';
export { waitOrAbort } from './wait-or-abort.js';
