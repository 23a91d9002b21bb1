// What the HTTP push change sources share: the `authorize` option, the request checks before a
// delivery (method, authorization, JSON body) and the plumbing behind `handle`, `listener`, `start`.
import type { ChangeSource } from '../change-sources.js';
import { defineAdapter } from './define-adapter.js';
import { type HintFanOut, hintFanOut } from './hint-fan-out.js';
import { type FetchHandler, type NodeListener, toNodeListener } from './node-listener.js';
import { checkOptions } from './options-check.js';

/** The options every push endpoint takes. */
export interface PushEndpointOptions {
  /**
   * Decides whether a request may deliver. A refused request is answered 401. It runs before the
   * body is read: to check a signature over the body, read `request.clone()`, never `request`.
   * @default every request is accepted
   */
  authorize?: (request: Request) => boolean | Promise<boolean>;
}

/** A push endpoint: a change source and the request handler an HTTP server routes to it. */
export interface PushEndpoint<Name extends string> extends ChangeSource {
  readonly name: Name;
  /** Answers one request (Fetch API). */
  handle: FetchHandler;
  /** The same handler as a Node `(req, res)` listener (node:http, Express). */
  readonly listener: NodeListener;
}

/** How one provider's endpoint differs from the others. */
export interface PushEndpointRules<Name extends string> {
  /** `ChangeSource.name`, and the provider its CONFIG errors name. */
  name: Name;
  /** How its errors call it: `'Event Grid webhook'`. */
  label: string;
  /** The factory users call, prefixing CONFIG messages: `'eventGridWebhook'`. */
  factory: string;
  /** The largest body the Node listener reads (413 past it). */
  maxBodyBytes: number;
  /** Answers an OPTIONS request (a validation handshake). @default OPTIONS is answered 405 */
  preflight?: (request: Request) => Response;
  /** Also answers 413 to a request whose content-length header exceeds `maxBodyBytes`. @default false */
  refuseDeclaredOversize?: boolean;
}

/**
 * Builds the endpoint after checking `options` (CONFIG, named after `rules.factory`, unless only
 * a function `authorize`). Each
 * request is answered, in order: OPTIONS by `preflight`, any method but POST 405, a refused one
 * 401, a declared oversize 413 (if asked), a body that is not JSON 400; then `deliver` answers.
 */
export function pushEndpoint<Name extends string>(
  options: unknown,
  rules: PushEndpointRules<Name>,
  deliver: (body: unknown, fanOut: HintFanOut) => Response,
): PushEndpoint<Name> {
  const { name, label, factory } = rules;
  const kit = defineAdapter({ provider: name, label, factory, describe: () => ({ name: 'Error' }) });
  const { authorize } = checkOptions(kit, options, ['authorize']) as PushEndpointOptions;
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw kit.configError('authorize must be a function');
  }
  const { preflight } = rules;
  const allow = preflight === undefined ? 'POST' : 'POST, OPTIONS';
  const fanOut = hintFanOut();
  const handle: FetchHandler = async (request) => {
    if (request.method === 'OPTIONS' && preflight !== undefined) return preflight(request);
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow } });
    if (authorize !== undefined && !(await authorize(request))) return new Response(null, { status: 401 });
    if (
      rules.refuseDeclaredOversize &&
      Number(request.headers.get('content-length') ?? 0) > rules.maxBodyBytes
    )
      return new Response(null, { status: 413 });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return new Response(null, { status: 400 });
    }
    return deliver(body, fanOut);
  };
  return {
    name: rules.name,
    handle,
    listener: toNodeListener(handle, rules.maxBodyBytes),
    start: fanOut.start,
  };
}
