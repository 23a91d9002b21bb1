// The README's example, kept compiling and tested: a tiny wire fake of an "Acme" secrets API on the kit.
import { createCallLog, createFakeClock, createFakeServer, createFaultQueue } from '@secretkit/fake-kit';
import { HttpResponse, http } from 'msw';

export function createAcmeFake({ endpoint = 'https://secrets.acme.test', clock = createFakeClock() } = {}) {
  const secrets = new Map<string, { value: string; updatedAt: number }>();
  const calls = createCallLog<{ name: string; status: number }>();
  const faults = createFaultQueue<number, string>(); // an HTTP status (0: drop the connection), per name
  const host = createFakeServer([
    http.get(`${endpoint}/v1/secrets/:name`, ({ params }) => {
      const name = String(params.name);
      const status = faults.take(name) ?? (secrets.has(name) ? 200 : 404);
      calls.record({ name, status });
      if (status === 0) return HttpResponse.error();
      if (status !== 200) return HttpResponse.json({ error: `status ${status}` }, { status });
      return HttpResponse.json(secrets.get(name));
    }),
  ]);
  return {
    host,
    calls,
    put: (name: string, value: string) => void secrets.set(name, { value, updatedAt: clock.now() }),
    failNext: (status: number, name?: string) =>
      faults.failNext(status, name ? { match: (n) => n === name } : {}),
    reset() {
      secrets.clear();
      calls.clear();
      faults.clear();
      host.reset();
    },
  };
}
