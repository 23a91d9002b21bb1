// The cleaned cause every adapter attaches to its SecretsError: a new plain Error holding only the
// facts that help debugging (name, codes, status, request id), never the SDK's error object, which
// carries requests with credentials and raw responses (DESIGN §5).
import type { ErrorFacts } from './error-facts.js';
import { safeIdentifier, safeMessage, safeRequestId } from './scrub.js';

/** The shape of a cleaned cause. */
export interface CleanCause extends Error {
  /** The service's error code (exception name, Azure code, gRPC status name), or a system code. */
  code?: string;
  /** A finer service code, when there was one. */
  innerCode?: string;
  /** The HTTP (or gRPC) status. */
  statusCode?: number;
  /** The Node/undici system code when there was no response. */
  systemCode?: string;
  /** The service's request id. */
  requestId?: string;
}

/**
 * A fresh Error from `facts` alone. Its message is the SDK's message made safe (`safeMessage`:
 * bodies and quoted parts dropped, `secrets` and credential shapes redacted); names, codes and ids
 * are kept only when they are plain identifiers, since a hostile server chooses them.
 */
export function cleanCause(facts: ErrorFacts, secrets: readonly (string | undefined)[] = []): CleanCause {
  const name = safeIdentifier(facts.name) ?? 'Error';
  const serviceCode = safeIdentifier(facts.serviceCode);
  const systemCode = safeIdentifier(facts.systemCode);
  const message = safeMessage(facts.message, secrets) || [serviceCode, systemCode].filter(Boolean).join(' ');
  const copy: CleanCause = new Error(message || name);
  copy.name = name;
  const code = serviceCode ?? systemCode;
  if (code !== undefined) copy.code = code;
  const innerCode = safeIdentifier(facts.innerCode);
  if (innerCode !== undefined) copy.innerCode = innerCode;
  if (typeof facts.status === 'number' && Number.isInteger(facts.status)) copy.statusCode = facts.status;
  if (systemCode !== undefined) copy.systemCode = systemCode;
  const requestId = safeRequestId(facts.requestId);
  if (requestId !== undefined) copy.requestId = requestId;
  return copy;
}
