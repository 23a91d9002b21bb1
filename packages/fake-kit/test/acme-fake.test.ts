// The README's example fake, driven in-process and over a socket: the kit's pieces working together.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../src/index.js';
import { createAcmeFake } from './acme-fake.js';

const clock = createFakeClock(Date.UTC(2030, 0, 1));
const fake = createAcmeFake({ clock });
beforeAll(() => fake.host.listen());
afterEach(() => {
  expect(fake.host.unhandledRequests).toEqual([]);
  fake.reset();
});
afterAll(() => fake.host.close());

const get = (base: string, name: string) => fetch(`${base}/v1/secrets/${name}`);

describe('a fake built on the kit (the README example)', () => {
  it('answers reads, logs them and stamps time from its clock', async () => {
    fake.put('db', 's3cr3t');
    const found = await get('https://secrets.acme.test', 'db');
    expect(await found.json()).toEqual({ value: 's3cr3t', updatedAt: Date.UTC(2030, 0, 1) });
    expect((await get('https://secrets.acme.test', 'nope')).status).toBe(404);
    expect(fake.calls.log).toEqual([
      { name: 'db', status: 200 },
      { name: 'nope', status: 404 },
    ]);
  });

  it('fails the next matching reads natively, oldest fault first, then answers again', async () => {
    fake.put('db', 'v');
    fake.failNext(403, 'db');
    fake.failNext(0); // any name: a dropped connection
    await expect(get('https://secrets.acme.test', 'other')).rejects.toThrow(TypeError);
    expect((await get('https://secrets.acme.test', 'db')).status).toBe(403);
    expect((await get('https://secrets.acme.test', 'db')).status).toBe(200);
    expect(fake.calls.log).toEqual([
      { name: 'other', status: 0 },
      { name: 'db', status: 403 },
      { name: 'db', status: 200 },
    ]);
  });

  it('serves another process over a loopback socket with the same state', async () => {
    fake.put('db', 'over-the-socket');
    const socket = await fake.host.listenOnSocket({ origin: 'https://secrets.acme.test' });
    expect(await (await get(socket.url, 'db')).json()).toMatchObject({ value: 'over-the-socket' });
    await socket.close();
  });
});
