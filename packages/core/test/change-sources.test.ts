// Change sources (DESIGN §11) through the public client: started with the client, a failing start
// reported as an `error` event (operation 'changes') and started again after the backoff, every
// start's signal aborted by close(). Fake timers; `random: () => 0.5` makes each delay its base.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, SecretsError, type SecretsEvents } from '../src/index.js';
import { controlledSource } from './controlled-source.js';
import { expectSecretsError, expectThrow } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

function setup() {
  const provider = scriptedProvider({ db: 'v1' });
  const source = controlledSource('bus');
  const client = createSecretsClient({ provider, retry: false, changes: [source], random: () => 0.5 });
  const errors: Array<SecretsEvents['error']> = [];
  client.on('error', (event) => errors.push(event));
  return { provider, source, client, errors };
}

describe('the changes option', () => {
  it.each([
    ['not an array', { name: 'x', start() {} }],
    ['an entry without start()', [{ name: 'x' }]],
    ['an entry with an empty name', [{ name: '', start() {} }]],
    ['an entry that is not an object', ['bus']],
    ['a null entry', [null]],
  ])('is CONFIG when it is %s', (_, changes) => {
    expectThrow(
      () => createSecretsClient({ provider: scriptedProvider(), changes: changes as never }),
      'CONFIG',
    );
  });

  it('takes an empty list and starts nothing', async () => {
    const client = createSecretsClient({ provider: scriptedProvider(), changes: [] });
    await client.close();
  });
});

describe('starting and stopping sources', () => {
  it('starts each source once, after construction, with a live signal and an error reporter', async () => {
    const { source, client } = setup();
    expect(source.starts).toHaveLength(0); // listeners registered right after creation hear its errors
    await vi.advanceTimersByTimeAsync(0);
    expect(source.starts).toHaveLength(1);
    expect(source.current().context.signal.aborted).toBe(false);
    expect(typeof source.current().context.reportError).toBe('function');
    await client.close();
  });

  it('aborts the signal of the running start on close() and never starts it again', async () => {
    const { source, client, errors } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const { signal } = source.current().context;
    await client.close();
    expect(signal.aborted).toBe(true);
    source.current().fail(new Error('late failure after close'));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(source.starts).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('ignores hints after close(): no provider call', async () => {
    const { provider, source, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(0);
    const listener = source.current().listener;
    await client.close();
    listener({ name: 'db' });
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(1);
  });

  it('gives a start that resolves at once no meaning: it is not started again', async () => {
    const provider = scriptedProvider({ db: 'v1' });
    const source = controlledSource();
    source.resolveOnStart();
    const client = createSecretsClient({ provider, retry: false, changes: [source], random: () => 0.5 });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(source.starts).toHaveLength(1);
    provider.set('db', 'v2', { version: '2' });
    source.emit({ name: 'db' }); // its listener still delivers
    await vi.advanceTimersByTimeAsync(0);
    expect(await client.get('db')).toBe('v2');
    expect(provider.count('getSecret')).toBe(2);
    await client.close();
  });
});

describe('a failing source', () => {
  it('reports a rejected start as an error event with operation "changes" and starts it again after 1 s', async () => {
    const { source, client, errors } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const first = source.current();
    const dropped = new SecretsError('UNAVAILABLE', 'the connection dropped', { provider: 'bus' });
    first.fail(dropped);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([{ operation: 'changes', error: dropped }]);
    expect(first.context.signal.aborted).toBe(true); // that start is over: let it clean up
    await vi.advanceTimersByTimeAsync(999);
    expect(source.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.starts).toHaveLength(2);
    expect(source.current().context.signal.aborted).toBe(false);
    await client.close();
  });

  it('wraps a start that throws something else as UNKNOWN with the original as cause', async () => {
    const { source, client, errors } = setup();
    const thrown = new TypeError('no such queue');
    source.throwOnStart(thrown);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.operation).toBe('changes');
    const error = expectSecretsError(errors[0]?.error, 'UNKNOWN');
    expect(error.message).toContain('"bus"');
    expect(error.cause).toBe(thrown);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(source.starts).toHaveLength(2);
    await client.close();
  });

  it('doubles the wait for each quick failure up to a minute, and starts over after a healthy run', async () => {
    const { source, client, errors } = setup();
    source.throwOnStart(new Error('down'), 8);
    await vi.advanceTimersByTimeAsync(0);
    const startTimes: number[] = [Date.now()];
    for (let i = 0; i < 8; i++) {
      const before = source.starts.length;
      while (source.starts.length === before) await vi.advanceTimersByTimeAsync(100);
      startTimes.push(Date.now());
    }
    const waits = startTimes.slice(1).map((time, i) => time - startTimes[i]!);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(errors).toHaveLength(8);
    // The ninth start runs; after a minute of health its failure counts as the first again.
    await vi.advanceTimersByTimeAsync(60_000);
    source.current().fail(new Error('dropped'));
    await vi.advanceTimersByTimeAsync(999);
    expect(source.starts).toHaveLength(9);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.starts).toHaveLength(10);
    await client.close();
  });

  it('drops hints from a start that already failed', async () => {
    const { provider, source, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(0);
    const failed = source.current();
    failed.fail(new Error('dropped'));
    await vi.advanceTimersByTimeAsync(0);
    failed.listener({ name: 'db' });
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(1);
    await client.close();
  });

  it('reports what a source survives through reportError, without a restart', async () => {
    const { source, client, errors } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const poison = new SecretsError('PARSE', 'a message that is not JSON was deleted', { provider: 'bus' });
    source.current().context.reportError?.(poison);
    source.current().context.reportError?.('not an error');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(errors.map((event) => [event.operation, event.error.code])).toEqual([
      ['changes', 'PARSE'],
      ['changes', 'UNKNOWN'],
    ]);
    expect(errors[0]?.error).toBe(poison);
    expect(source.starts).toHaveLength(1);
    await client.close();
  });

  it('keeps every other source running while one fails', async () => {
    const provider = scriptedProvider({ db: 'v1' });
    const healthy = controlledSource('healthy');
    const broken = controlledSource('broken');
    broken.throwOnStart(new Error('down'), 100);
    const client = createSecretsClient({ provider, retry: false, changes: [broken, healthy] });
    client.on('error', () => {});
    await client.get('db');
    await vi.advanceTimersByTimeAsync(10_000);
    provider.set('db', 'v2', { version: '2' });
    healthy.emit({ name: 'db' });
    await vi.advanceTimersByTimeAsync(0);
    expect(await client.get('db')).toBe('v2');
    expect(healthy.starts).toHaveLength(1);
    expect(broken.starts.length).toBeGreaterThan(2);
    await client.close();
  });
});
