// The adapter through the real SDK against the fake: reads, stages, versions, bytes, the probe,
// batches, writes and listing, with exact request counts.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsSecretsManager } from '../src/index.js';
import { createAwsSecretsManagerFake } from '../src/testing/index.js';
import { context, testClient, testProvider, useFake } from './harness.js';

const fake = useFake();
afterEach(() => {
  vi.useRealTimers(); // after the tests that fake the clock, passed or failed
});

describe('reads', () => {
  it('reads by name and by ARN, with version, createdAt, stages and arn metadata', async () => {
    const version = fake.put('prod/db', 'text-value');
    const provider = testProvider();
    const byName = await provider.getSecret({ name: 'prod/db' }, context());
    expect(byName).toMatchObject({
      name: 'prod/db',
      value: 'text-value',
      version,
      metadata: { stages: 'AWSCURRENT', arn: fake.arnOf('prod/db') },
    });
    expect(byName.createdAt).toBeInstanceOf(Date);
    const arn = fake.arnOf('prod/db');
    const byArn = await provider.getSecret({ name: arn }, context());
    expect(byArn).toMatchObject({ name: arn, value: 'text-value', version });
    expect(fake.calls.count('GetSecretValue')).toBe(2);
  });

  it('reads stages and pinned versions as rotation moves them', async () => {
    const first = fake.put('app', 'one');
    const second = fake.rotate('app', 'two');
    const provider = testProvider();
    expect(await provider.getSecret({ name: 'app' }, context())).toMatchObject({
      value: 'two',
      version: second,
    });
    expect(await provider.getSecret({ name: 'app', stage: 'AWSPREVIOUS' }, context())).toMatchObject({
      value: 'one',
      version: first,
      metadata: { stages: 'AWSPREVIOUS' },
    });
    expect(await provider.getSecret({ name: 'app', version: first }, context())).toMatchObject({
      value: 'one',
    });
    await expect(provider.getSecret({ name: 'app', stage: 'AWSPENDING' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await provider.getVersion({ name: 'app', stage: 'AWSPREVIOUS' }, context())).toBe(first);
    await expect(provider.getVersion({ name: 'app', stage: 'AWSPENDING' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reads JSON and one field through the client; a cache hit makes no request', async () => {
    fake.put('prod/db', JSON.stringify({ username: 'app', password: 'pw-1' }));
    const client = testClient();
    expect(await client.getJson('prod/db')).toEqual({ username: 'app', password: 'pw-1' });
    expect(await client.get('prod/db', { field: 'password' })).toBe('pw-1');
    expect(await client.get('prod/db', { field: 'username' })).toBe('app');
    expect(fake.calls.count()).toBe(1);
    expect(fake.calls.count('GetSecretValue')).toBe(1);
    await client.close();
  });
});

describe('version probe', () => {
  it('a rotation probe is one DescribeSecret; a new version is then read once', async () => {
    fake.put('rotating', 'one');
    vi.useFakeTimers();
    const client = testClient({ cache: { ttl: '1h' } });
    expect(await client.get('rotating')).toBe('one');
    const rotations: Array<{ previousVersion?: string; version?: string }> = [];
    client.watch('rotating', ({ previousVersion, version }) => rotations.push({ previousVersion, version }), {
      interval: '10s',
    });
    let mark = fake.calls.count();
    await vi.advanceTimersByTimeAsync(11_000); // one poll (interval ±10%)
    expect(fake.calls.log.slice(mark).map((call) => call.operation)).toEqual(['DescribeSecret']);
    const before = (await client.getSecret('rotating')).version;
    const rotated = fake.rotate('rotating', 'two');
    mark = fake.calls.count();
    await vi.advanceTimersByTimeAsync(11_000);
    expect(fake.calls.log.slice(mark).map((call) => call.operation)).toEqual([
      'DescribeSecret',
      'GetSecretValue',
    ]);
    expect(rotations).toEqual([{ previousVersion: before, version: rotated }]);
    expect(await client.get('rotating')).toBe('two');
    expect(fake.calls.count()).toBe(mark + 2); // a cache hit: no request
    await client.close();
  });

  it('getVersion with a pinned version answers it when it exists, else NOT_FOUND', async () => {
    const first = fake.put('pinned', 'one');
    fake.put('pinned', 'two');
    fake.put('pinned', 'three'); // `first` now has no label: DescribeSecret does not list it
    const provider = testProvider();
    expect(await provider.getVersion({ name: 'pinned', version: first }, context())).toBe(first);
    await expect(
      provider.getVersion({ name: 'pinned', version: '00000000-0000-4000-8000-000000000000' }, context()),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('falls back to GetSecretValue when DescribeSecret is denied, with exactly one error event', async () => {
    const version = fake.put('no-describe', 'one');
    const provider = testProvider();
    const client = testClient({}, provider);
    const errors: Array<{ operation: string; code: string }> = [];
    client.on('error', ({ operation, error }) => errors.push({ operation, code: error.code }));
    await client.get('no-describe');
    fake.failNext('AccessDeniedException', { operations: ['DescribeSecret'], times: 5 });
    const reports: string[] = [];
    const probe = {
      signal: new AbortController().signal,
      report: (e: { code: string }) => reports.push(e.code),
    };
    expect(await provider.getVersion({ name: 'no-describe' }, probe)).toBe(version);
    expect(await provider.getVersion({ name: 'no-describe' }, probe)).toBe(version);
    expect(reports).toEqual(['ACCESS_DENIED']);
    expect(fake.calls.count('DescribeSecret')).toBe(1); // switched after the first denial
    expect(fake.calls.count('GetSecretValue')).toBe(3);
  });

  it('reports the fallback through the client as one error event with operation "provider"', async () => {
    fake.put('watched', 'one');
    fake.failNext('AccessDeniedException', { operations: ['DescribeSecret'], times: 10 });
    vi.useFakeTimers();
    const client = testClient();
    const errors: Array<{ operation: string; code: string }> = [];
    client.on('error', ({ operation, error }) => errors.push({ operation, code: error.code }));
    const rotations: string[] = [];
    client.watch('watched', (event) => rotations.push(event.version ?? ''), { interval: '1s' });
    await vi.advanceTimersByTimeAsync(1_500); // first load
    await vi.advanceTimersByTimeAsync(5_000); // several polls
    const rotated = fake.rotate('watched', 'two');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(rotations).toEqual([rotated]);
    expect(errors).toEqual([{ operation: 'provider', code: 'ACCESS_DENIED' }]);
    expect(fake.calls.count('DescribeSecret')).toBe(1);
    await client.close();
  });
});

describe('batch', () => {
  it('25 names are two BatchGetSecretValue calls, results in request order, NOT_FOUND per name', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `batch-${i}`);
    for (const name of names.slice(0, 24)) fake.put(name, `value-of-${name}`);
    const results = await testProvider().getSecrets(
      names.map((name) => ({ name })),
      context(),
    );
    expect(fake.calls.count('BatchGetSecretValue')).toBe(2);
    expect(fake.calls.log.map((call) => call.secretIds?.length)).toEqual([20, 5]);
    expect(results.slice(0, 24).map((record) => ('value' in record ? record.value : record))).toEqual(
      names.slice(0, 24).map((name) => `value-of-${name}`),
    );
    expect(results[24]).toMatchObject({ name: 'SecretsError', code: 'NOT_FOUND', secretName: 'batch-24' });
  });

  it('requests with a version or stage are single GetSecretValue calls', async () => {
    const first = fake.put('a', 'a1');
    fake.put('a', 'a2');
    fake.put('b', 'b1');
    fake.put('c', 'c1');
    const results = await testProvider().getSecrets(
      [{ name: 'a', version: first }, { name: 'b' }, { name: 'a', stage: 'AWSPREVIOUS' }, { name: 'c' }],
      context(),
    );
    expect(results.map((record) => ('value' in record ? record.value : record.code))).toEqual([
      'a1',
      'b1',
      'a1',
      'c1',
    ]);
    expect(fake.calls.byOperation).toMatchObject({ BatchGetSecretValue: 1, GetSecretValue: 2 });
  });

  it('client getMany uses one batch call', async () => {
    fake.put('x', 'x1');
    fake.put('y', 'y1');
    const client = testClient();
    expect(await client.getMany(['x', 'y'])).toEqual({ x: 'x1', y: 'y1' });
    expect(fake.calls.byOperation).toMatchObject({ BatchGetSecretValue: 1, GetSecretValue: 0 });
    await client.close();
  });
});

describe('writes and listing', () => {
  it('setSecret creates a missing secret (CreateSecret), then puts versions (PutSecretValue)', async () => {
    const provider = testProvider();
    const created = await provider.setSecret('new-secret', 'v1', context());
    const updated = await provider.setSecret('new-secret', new Uint8Array([1, 2, 3]), context());
    expect(fake.calls.log.map((call) => [call.operation, call.exception])).toEqual([
      ['PutSecretValue', 'ResourceNotFoundException'],
      ['CreateSecret', undefined],
      ['PutSecretValue', undefined],
    ]);
    expect(created.version).toBeDefined();
    const record = await provider.getSecret({ name: 'new-secret' }, context());
    expect(record.version).toBe(updated.version);
    expect([...(record.value as Uint8Array)]).toEqual([1, 2, 3]);
    expect((await provider.getSecret({ name: 'new-secret', stage: 'AWSPREVIOUS' }, context())).value).toBe(
      'v1',
    );
  });

  it('deleteSecret keeps the recovery window by default: reads are then DISABLED', async () => {
    fake.put('doomed', 'v');
    const provider = testProvider();
    await provider.deleteSecret('doomed', context());
    await expect(provider.getSecret({ name: 'doomed' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
    await expect(provider.getVersion({ name: 'doomed' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
    await expect(provider.setSecret('doomed', 'again', context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
  });

  it('listSecrets follows NextToken across pages', async () => {
    const paged = createAwsSecretsManagerFake({ region: 'eu-west-1', listPageSize: 10 });
    paged.listen(); // beside the file's fake: another endpoint
    try {
      const names = Array.from({ length: 25 }, (_, i) => `listed-${String(i).padStart(2, '0')}`);
      for (const name of names) paged.put(name, 'v');
      const provider = testProvider({ region: 'eu-west-1' });
      const seen: string[] = [];
      for await (const entry of provider.listSecrets(context())) seen.push(entry.name);
      expect(seen).toEqual(names);
      expect(paged.calls.count('ListSecrets')).toBe(3);
      expect(fake.calls.count()).toBe(0);
    } finally {
      await paged.close();
    }
  });
});

describe('options and the client escape hatch', () => {
  it.each([
    [
      { regoin: 'us-east-1' },
      'awsSecretsManager: unknown option "regoin"; expected one of: region, credentials, endpoint, client, forceDeleteWithoutRecovery',
    ],
    [{ region: 5 }, 'awsSecretsManager: region must be a non-empty string'],
    [{ endpoint: 'not a url' }, 'awsSecretsManager: endpoint must be an absolute URL string'],
    [{ client: {} }, 'awsSecretsManager: client must be a SecretsManagerClient'],
    [
      { forceDeleteWithoutRecovery: 'yes' },
      'awsSecretsManager: forceDeleteWithoutRecovery must be a boolean',
    ],
  ])('rejects bad options %j with CONFIG', (options, message) => {
    const error = (() => {
      try {
        awsSecretsManager(options as never);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'CONFIG', provider: 'aws-secrets-manager', message });
  });

  it('rejects unknown options under Symbol keys or inherited from a prototype', () => {
    expect(() => awsSecretsManager({ [Symbol('region')]: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => awsSecretsManager(Object.create({ regoin: 'us-east-1' }))).toThrow(
      'awsSecretsManager: unknown option "regoin"',
    );
  });

  it('uses a client it is given as is, and client() returns it', async () => {
    fake.put('given', 'v');
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const provider = awsSecretsManager({ client });
    expect(await provider.client()).toBe(client);
    expect((await provider.getSecret({ name: 'given' }, context())).value).toBe('v');
    await provider.close();
    expect((await provider.getSecret({ name: 'given' }, context())).value).toBe('v'); // not destroyed
    expect(() => awsSecretsManager({ client, region: 'us-east-1' })).toThrow(
      'awsSecretsManager: client is used as is; region cannot be combined with it',
    );
  });

  it('client() builds one client with maxAttempts 1 on first use; close() destroys it', async () => {
    const provider = testProvider();
    const first = await provider.client();
    expect(first).toBeInstanceOf(SecretsManagerClient);
    expect(await provider.client()).toBe(first);
    expect(await first.config.maxAttempts()).toBe(1);
    await provider.close();
    const second = await provider.client();
    expect(second).not.toBe(first);
    await provider.close();
  });
});
