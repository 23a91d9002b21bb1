// What node-vault does not hand back: the headers of an answer (Retry-After on a 429 from a
// rate-limit quota). Our agents note them on the running call's probe, found through async context.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';

/** Filled in by our agents for the call running inside `probeAnswer`. */
export interface AnswerProbe {
  headers?: Readonly<Record<string, unknown>>;
}

/** The agents a client we build sends through (keep-alive, as Node's global agents). */
export interface VaultAgents {
  http: http.Agent;
  https: https.Agent;
}

const probes = new AsyncLocalStorage<AnswerProbe>();

/** Runs `send` so that the answer's headers land on `probe`. */
export function probeAnswer<T>(probe: AnswerProbe, send: () => Promise<T>): Promise<T> {
  return probes.run(probe, send);
}

/**
 * An http and an https agent that note each answer's headers on the running call's
 * probe. TLS as node-vault's own default: certificates are verified unless VAULT_SKIP_VERIFY is set.
 */
export function probingAgents(): VaultAgents {
  return {
    http: noting(new http.Agent({ keepAlive: true })),
    https: noting(new https.Agent({ keepAlive: true, rejectUnauthorized: !process.env.VAULT_SKIP_VERIFY })),
  };
}

type AddRequest = (request: http.ClientRequest, options: unknown) => void;

function noting<A extends http.Agent>(agent: A): A {
  const target = agent as unknown as { addRequest: AddRequest };
  const addRequest = target.addRequest.bind(agent);
  target.addRequest = (request, options) => {
    const probe = probes.getStore();
    if (probe !== undefined) {
      request.once('response', (response: http.IncomingMessage) => {
        probe.headers = response.headers;
      });
    }
    addRequest(request, options);
  };
  return agent;
}
