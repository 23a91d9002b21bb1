// watch(ref): fires when the value behind the ref changes (its pointer applied), not on the first
// read and not when another field rotated; one poller per secret; across providers; fake timers.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretRefScheme } from '@secretkit/core';
import { createMemoryProvider, type MemorySecretValue } from '@secretkit/memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../test-setup/temp-dirs.js';
import type { RefChangeEvent, SecretResolver } from '../src/index.js';
import { createSecretResolver } from '../src/index.js';
import { thrown } from './helpers.js';

const tempDir = useTempDirs('secretkit-refs-');
const EVERY_SECOND = { interval: '1s' } as const;
/** No jitter: a poll lands exactly on the interval. */
const client = { random: () => 0.5 };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets the watch set itself up (first read) without moving the clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

/** A memory provider holding `secrets`, and a resolver over it for refs of `scheme`. */
function resolverOverMemory(secrets: Record<string, MemorySecretValue>, scheme: SecretRefScheme = 'memory') {
  const memory = createMemoryProvider({ secrets });
  const resolver = createSecretResolver({ providers: { [scheme]: memory }, client });
  return { memory, resolver };
}

/** A mock listener watching `ref` every second, once the watch has set itself up. */
async function watchWithMock(resolver: SecretResolver, ref: string) {
  const listener = vi.fn();
  resolver.watch(ref, listener, EVERY_SECOND);
  await settle();
  return listener;
}

describe('watch', () => {
  it('fires once per change of the pointed value, with the new value and version', async () => {
    const { memory, resolver } = resolverOverMemory({ db: { user: 'u', password: 'p1' } });
    const events: RefChangeEvent[] = [];
    const stop = resolver.watch('memory://db#/password', (event) => events.push(event), EVERY_SECOND);
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]); // the first read, and an unchanged version, fire nothing

    memory.set('db', { user: 'u', password: 'p2' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([{ ref: 'memory://db#/password', value: 'p2', version: '2' }]);

    memory.set('db', { user: 'someone-else', password: 'p2' }); // another field rotated
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toHaveLength(1);

    stop();
    memory.set('db', { user: 'u', password: 'p3' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toHaveLength(1);
    await resolver.close();
  });

  it('watchers of two pointers of one secret share one poller: one probe per interval', async () => {
    const { memory, resolver } = resolverOverMemory({ db: { user: 'u1', password: 'p1' } });
    const seen: string[] = [];
    resolver.watch('memory://db#/user', ({ value }) => seen.push(`user=${value}`), EVERY_SECOND);
    resolver.watch('memory://db#/password', ({ value }) => seen.push(`password=${value}`), EVERY_SECOND);
    await settle();
    memory.resetCalls();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(memory.calls.filter((call) => call.operation === 'getVersion')).toHaveLength(3);
    memory.set('db', { user: 'u2', password: 'p2' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.sort()).toEqual(['password=p2', 'user=u2']);
    await resolver.close();
  });

  it('watches across providers: memory and a mounted file, one listener each', async () => {
    const dir = await tempDir();
    const file = join(dir, 'tls.yaml');
    await writeFile(file, 'cert: one\n');
    const { memory, resolver } = resolverOverMemory({ api: 'k1' });
    const next = (ref: string) =>
      new Promise<RefChangeEvent>((resolve) => {
        const stop = resolver.watch(
          ref,
          (event) => {
            stop();
            resolve(event);
          },
          EVERY_SECOND,
        );
      });
    const fileChange = next(`file://${file}#/cert`);
    const memoryChange = next('memory://api');
    await vi.advanceTimersByTimeAsync(0);
    await resolver.get(`file://${file}#/cert`); // the first read is done before the rewrite
    await writeFile(file, 'cert: two\n');
    memory.set('api', 'k2');
    await vi.advanceTimersByTimeAsync(1_000);
    const [fromFile, fromMemory] = await Promise.all([fileChange, memoryChange]);
    expect(fromFile.value).toBe('two');
    expect(fromFile.version).toMatch(/^[0-9a-f]{16}$/);
    expect(fromMemory).toEqual({ ref: 'memory://api', value: 'k2', version: '2' });
    await resolver.close();
  });

  it('a stage ref fires when what the stage points at changes', async () => {
    const { memory, resolver } = resolverOverMemory({ db: 'v1' }, 'awssecrets');
    const events: RefChangeEvent[] = [];
    resolver.watch('awssecrets://db?stage=AWSPREVIOUS', (event) => events.push(event), EVERY_SECOND);
    memory.set('db', 'v2'); // before the first read: previous is v1 from the start
    await settle();
    memory.set('db', 'v3'); // previous moves to v2
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([{ ref: 'awssecrets://db?stage=AWSPREVIOUS', value: 'v2', version: '2' }]);
    await resolver.close();
  });

  it('a ref pinned to a version never fires, and polls nothing', async () => {
    const { memory, resolver } = resolverOverMemory({ db: 'v1' });
    const listener = await watchWithMock(resolver, 'memory://db?version=1');
    memory.set('db', 'v2');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(listener).not.toHaveBeenCalled();
    expect(memory.calls).toEqual([]);
    await resolver.close();
  });

  it('a listener that throws does not stop the next change', async () => {
    const { memory, resolver } = resolverOverMemory({ k: 'a' });
    const values: string[] = [];
    resolver.watch(
      'memory://k',
      ({ value }) => {
        values.push(value);
        throw new Error('listener bug');
      },
      EVERY_SECOND,
    );
    await settle();
    memory.set('k', 'b');
    await vi.advanceTimersByTimeAsync(1_000);
    memory.set('k', 'c');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(values).toEqual(['b', 'c']);
    await resolver.close();
  });

  it('close() stops every watcher', async () => {
    const { memory, resolver } = resolverOverMemory({ k: 'a' });
    const listener = await watchWithMock(resolver, 'memory://k');
    await resolver.close();
    memory.set('k', 'b');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(listener).not.toHaveBeenCalled();
  });

  it('bad refs, listeners and options are CONFIG at once, before any provider is built', () => {
    let built = 0;
    const resolver = createSecretResolver({
      providers: {
        memory: () => {
          built++;
          return createMemoryProvider();
        },
      },
    });
    thrown(() => resolver.watch('memory://k?token=x', () => {}), 'CONFIG');
    thrown(() => resolver.watch('memory://k', 'listener' as never), 'CONFIG');
    thrown(() => resolver.watch('memory://k', () => {}, { interval: '10ms' }), 'CONFIG');
    thrown(() => resolver.watch('memory://k', () => {}, { every: '1m' } as never), 'CONFIG');
    expect(built).toBe(0);
  });
});
