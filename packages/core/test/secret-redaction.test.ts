// A Secret never prints its value (DESIGN §4 Secret, §3): toString, JSON, util.inspect and console
// all show "[redacted]"; errors and events never carry the value either.
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { format, inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type Secret } from '../src/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

const VALUE = 'hunter2-correct-horse';

useFakeTimersPerTest();

/** console.log into a string, through Node's own Console formatting. */
function consoleOutput(...args: unknown[]): string {
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  new Console({ stdout, stderr: stdout, colorMode: false }).log(...args);
  return out;
}

async function secretsToPrint(): Promise<Array<[string, Secret]>> {
  const provider = scriptedProvider({ text: VALUE, json: JSON.stringify({ password: VALUE }) });
  provider.set('bytes', new TextEncoder().encode(VALUE), { version: '3', metadata: { team: 'a' } });
  const client = createSecretsClient({ provider, cache: { ttl: '1m' }, retry: false });
  const text = await client.getSecret('text');
  const bytes = await client.getSecret('bytes');
  const field = await client.getSecret('json', { field: 'password' });
  await vi.advanceTimersByTimeAsync(60_000);
  provider.failAlways('UNAVAILABLE');
  const stale = await client.getSecret('text');
  expect(stale.stale).toBe(true);
  return [
    ['a text secret', text],
    ['a binary secret', bytes],
    ['a field', field],
    ['a stale secret', stale],
  ];
}

describe('Secret redaction', () => {
  it('prints [redacted] in every way a Secret can be printed', async () => {
    for (const [what, secret] of await secretsToPrint()) {
      expect(secret.text(), what).toBe(VALUE);
      expect(String(secret), what).toBe('[redacted]');
      expect(`${secret}`, what).toBe('[redacted]');
      expect(`x${secret}x`, what).toBe('x[redacted]x');
      expect(JSON.stringify(secret), what).toBe('"[redacted]"');
      expect(JSON.stringify({ secret }), what).toBe('{"secret":"[redacted]"}');
      expect(inspect(secret), what).toBe('[redacted]');
      expect(inspect({ secret }), what).toBe('{ secret: [redacted] }');
      expect(format('%s', secret), what).toBe('[redacted]');
      expect(format(secret), what).toBe('[redacted]');
      expect(consoleOutput(secret), what).toBe('[redacted]\n');
      expect(consoleOutput('db: %s', secret), what).toBe('db: [redacted]\n');
    }
  });

  it('keeps the value out of every other rendering of the object', async () => {
    for (const [what, secret] of await secretsToPrint()) {
      const renderings = [
        format('%o', secret),
        format('%O', secret),
        format('%j', secret),
        format('%d %i %f', secret, secret, secret),
        inspect(secret, { customInspect: false, showHidden: true, depth: Number.POSITIVE_INFINITY }),
        JSON.stringify({ ...secret }),
        JSON.stringify(Object.entries(secret)),
        Object.getOwnPropertyNames(secret).join(','),
        consoleOutput({ nested: [secret] }),
      ];
      for (const text of renderings) {
        expect(text, what).not.toContain('hunter2');
        expect(text, what).not.toContain('horse');
      }
    }
  });

  it('keeps the value out of errors and event payloads', async () => {
    const provider = scriptedProvider({ db: VALUE, cfg: `{"password":"${VALUE}"` });
    provider.set('list', JSON.stringify([VALUE]));
    const client = createSecretsClient({ provider, cache: { ttl: '1m' }, retry: false });
    const seen: unknown[] = [];
    for (const event of ['rotate', 'error', 'fetch', 'lease'] as const) client.on(event, (e) => seen.push(e));
    await client.get('db');
    provider.set('db', `${VALUE}-rotated`, { version: '2' });
    await client.refresh('db');
    for (const read of [
      client.getJson('cfg'),
      client.get('cfg', { field: 'password' }),
      client.get('list', { field: '0' }),
      client.get('db', { field: 'password' }),
    ]) {
      seen.push(await read.catch((error: unknown) => error));
    }
    await vi.advanceTimersByTimeAsync(60_000);
    provider.failAlways('UNAVAILABLE');
    await client.get('db');
    expect(seen.length).toBeGreaterThanOrEqual(8);
    for (const item of seen) {
      const text = `${inspect(item, { depth: Number.POSITIVE_INFINITY, showHidden: true })} ${JSON.stringify(item)}`;
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('horse');
    }
  });
});
