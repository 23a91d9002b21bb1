// What core does with the hints of a change source (DESIGN §11): re-reads what they name, matched
// through aliases, coalesced, skipped when the cached version already equals the hint's, `rotate` on
// a new version, pinned versions never re-read, malformed hints reported and dropped. Exact call
// counts under fake timers.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type RotationEvent, type SecretsEvents } from '../src/index.js';
import { controlledSource } from './controlled-source.js';
import { expectSecretsError } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

const ARN = 'arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3';

useFakeTimersPerTest();

async function setup(options: { cache?: false } = {}) {
  const provider = scriptedProvider({ mySecret: 'v1', other: 'o1' }, { versionProbe: true });
  const source = controlledSource('bus');
  const client = createSecretsClient({ provider, retry: false, changes: [source], ...options });
  const rotations: RotationEvent[] = [];
  const errors: Array<SecretsEvents['error']> = [];
  client.on('rotate', (event) => rotations.push(event));
  client.on('error', (event) => errors.push(event));
  await vi.advanceTimersByTimeAsync(0); // the source starts
  return { provider, source, client, rotations, errors };
}

/** Lets the hint's re-reads run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('hints from a change source', () => {
  it('re-reads the secret a hint names, through an alias, and emits rotate with the new version', async () => {
    const { provider, source, client, rotations } = await setup();
    await client.get('mySecret');
    await client.get('other');
    provider.set('mySecret', 'v2', { version: '2' });
    source.emit({ name: ARN, aliases: ['mySecret'], version: '2' });
    await settle();
    expect(provider.count('getSecret')).toBe(3);
    expect(provider.calls.at(-1)).toEqual({ operation: 'getSecret', requests: [{ name: 'mySecret' }] });
    expect(rotations.map((event) => [event.name, event.previousVersion, event.version])).toEqual([
      ['mySecret', '1', '2'],
    ]);
    expect(await client.get('mySecret')).toBe('v2'); // the re-read value is cached
    expect(provider.count('getSecret')).toBe(3);
    await client.close();
  });

  it('makes no call when the cached version already equals the hint, or for a name nobody read', async () => {
    const { provider, source, client, rotations } = await setup();
    await client.get('mySecret');
    source.emit({ name: ARN, aliases: ['mySecret'], version: '1' });
    source.emit({ name: 'never-read' });
    source.emit({ name: ARN }); // the ARN alone does not name the entry cached as mySecret
    await settle();
    expect(provider.count('getSecret')).toBe(1);
    expect(provider.count('getVersion')).toBe(0);
    expect(rotations).toEqual([]);
    await client.close();
  });

  it('coalesces hints for one secret into one read', async () => {
    const { provider, source, client, rotations } = await setup();
    await client.get('mySecret');
    provider.set('mySecret', 'v2', { version: '2' });
    source.emit({ name: 'mySecret' });
    source.emit({ name: ARN, aliases: ['mySecret'] });
    source.emit({ name: ARN, aliases: ['mySecret'], version: '2' });
    await settle();
    expect(provider.count('getSecret')).toBe(2);
    expect(rotations).toHaveLength(1);
    await client.close();
  });

  it('reads again after a read that was already in flight, which may predate the change', async () => {
    const { provider, source, client } = await setup();
    await client.get('mySecret');
    const release = provider.hold();
    const refreshing = client.refresh('mySecret'); // in flight before the rotation
    provider.set('mySecret', 'v2', { version: '2' });
    source.emit({ name: 'mySecret' });
    source.emit({ name: 'mySecret' });
    release();
    await refreshing;
    await settle();
    expect(provider.count('getSecret')).toBe(3); // first load, the refresh, one hint read
    expect(await client.get('mySecret')).toBe('v2');
    await client.close();
  });

  it('never re-reads an entry pinned to a version; a stage is re-read', async () => {
    const { provider, source, client } = await setup();
    provider.setPinned('mySecret', { version: '1' }, 'v1', '1');
    provider.setPinned('mySecret', { stage: 'AWSPREVIOUS' }, 'v0', '0');
    await client.get('mySecret', { version: '1' });
    await client.get('mySecret', { stage: 'AWSPREVIOUS' });
    const before = provider.calls.length;
    source.emit({ name: 'mySecret' });
    await settle();
    expect(provider.calls.slice(before).map((call) => call.requests[0])).toEqual([
      { name: 'mySecret', stage: 'AWSPREVIOUS' },
    ]);
    await client.close();
  });

  it('re-reads every unpinned entry for a hint that names nothing', async () => {
    const { provider, source, client } = await setup();
    await client.get('mySecret');
    await client.get('other');
    source.emit({});
    await settle();
    expect(
      provider.calls
        .slice(2)
        .map((call) => call.requests[0]?.name)
        .sort(),
    ).toEqual(['mySecret', 'other']);
    await client.close();
  });

  it('re-reads a watched name without a cache entry, unless the watch already saw the version', async () => {
    const { provider, source, client } = await setup({ cache: false });
    const seen: RotationEvent[] = [];
    client.watch('mySecret', (event) => seen.push(event));
    await settle(); // the first load
    expect(provider.count('getSecret')).toBe(1);
    source.emit({ name: 'mySecret', version: '1' });
    await settle();
    expect(provider.count('getSecret')).toBe(1);
    provider.set('mySecret', 'v2', { version: '2' });
    source.emit({ name: ARN, aliases: ['mySecret'], version: '2' });
    await settle();
    expect(provider.count('getSecret')).toBe(2);
    expect(seen.map((event) => event.version)).toEqual(['2']);
    await client.close();
  });

  it('keeps the watch polling as the safety net beside the source', async () => {
    const { provider, client } = await setup();
    const seen: RotationEvent[] = [];
    client.watch('mySecret', (event) => seen.push(event), { interval: '1m' });
    await settle();
    provider.set('mySecret', 'v2', { version: '2' }); // a notification that never came
    await vi.advanceTimersByTimeAsync(66_000);
    expect(seen.map((event) => event.version)).toEqual(['2']);
    await client.close();
  });

  it('reports a failed hint read as an error event with operation "hint" and keeps the value', async () => {
    const { provider, source, client, errors } = await setup();
    await client.get('mySecret');
    provider.failNext('UNAVAILABLE');
    source.emit({ name: 'mySecret' });
    await settle();
    expect(errors.map((event) => [event.name, event.operation])).toEqual([['mySecret', 'hint']]);
    expectSecretsError(errors[0]?.error, 'UNAVAILABLE');
    expect(await client.get('mySecret')).toBe('v1');
    await client.close();
  });

  it.each([
    ['a string', 'mySecret'],
    ['null', null],
    ['a numeric name', { name: 42 }],
    ['an empty name', { name: '' }],
    ['aliases that are not strings', { name: 'mySecret', aliases: [1] }],
    ['aliases that are a string', { name: 'mySecret', aliases: 'mySecret' }],
    ['a numeric version', { name: 'mySecret', version: 2 }],
  ])('reports and drops a hint that is %s', async (_, hint) => {
    const { provider, source, client, errors } = await setup();
    await client.get('mySecret');
    source.emit(hint);
    await settle();
    expect(provider.count('getSecret')).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.operation).toBe('changes');
    expect(expectSecretsError(errors[0]?.error, 'CONFIG').message).toContain('change source "bus"');
    await client.close();
  });

  it('takes provider watchChanges hints through the same path, aliases included', async () => {
    const provider = scriptedProvider({ mySecret: 'v1' }, { changeHints: true });
    const client = createSecretsClient({ provider, retry: false });
    await client.get('mySecret');
    provider.set('mySecret', 'v2', { version: '2' });
    provider.emit({ name: ARN, aliases: ['mySecret'] });
    await settle();
    expect(provider.count('getSecret')).toBe(2);
    expect(await client.get('mySecret')).toBe('v2');
    await client.close();
  });
});
