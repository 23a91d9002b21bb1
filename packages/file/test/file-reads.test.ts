// Reads through the file provider over real temporary directories: bytes exact, the content-hash
// version, pinned versions, the codes of missing files, directories, unreadable and special files.
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { createSecretsClient, SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test-setup/temp-dirs.js';
import { createFileProvider } from '../src/index.js';

const tempDir = useTempDirs();
const context = () => ({ signal: new AbortController().signal });
const sha16 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

async function rejection(promise: Promise<unknown>, code: SecretsErrorCode): Promise<SecretsError> {
  const error = await promise.then(
    () => expect.fail(`expected ${code}, it resolved`),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecretsError);
  expect((error as SecretsError).code).toBe(code);
  return error as SecretsError;
}

describe('reads', () => {
  it('returns the exact bytes, and the first 16 hex characters of their SHA-256 as the version', async () => {
    const root = await tempDir();
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x0a, 0x41]);
    await writeFile(join(root, 'key.bin'), bytes);
    const provider = createFileProvider({ root });
    const record = await provider.getSecret({ name: 'key.bin' }, context());
    expect(record.name).toBe('key.bin');
    expect(Array.from(record.value as Uint8Array)).toEqual(Array.from(bytes));
    expect(record.version).toBe(sha16(bytes));
    expect(record.version).toMatch(/^[0-9a-f]{16}$/);
    await expect(provider.getVersion({ name: 'key.bin' }, context())).resolves.toBe(sha16(bytes));
  });

  it('a rewrite with new content is a new version; an identical rewrite is not', async () => {
    const root = await tempDir();
    const provider = createFileProvider({ root });
    await writeFile(join(root, 'db'), 'first');
    const first = await provider.getVersion({ name: 'db' }, context());
    await writeFile(join(root, 'db'), 'first');
    await expect(provider.getVersion({ name: 'db' }, context())).resolves.toBe(first);
    await writeFile(join(root, 'db'), 'second');
    const second = await provider.getVersion({ name: 'db' }, context());
    expect(second).toBe(sha16('second'));
    expect(second).not.toBe(first);
  });

  it('a client sees a rewrite as a rotation', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'db'), 'first');
    const client = createSecretsClient({ provider: createFileProvider({ root }) });
    const rotations: Array<{ previousVersion?: string; version?: string }> = [];
    client.on('rotate', ({ previousVersion, version }) => rotations.push({ previousVersion, version }));
    expect(await client.get('db')).toBe('first');
    await writeFile(join(root, 'db'), 'second');
    expect((await client.refresh('db')).text()).toBe('second');
    expect(rotations).toEqual([{ previousVersion: sha16('first'), version: sha16('second') }]);
    await client.close();
  });

  it('a pinned version is served while it is the content, NOT_FOUND once it is not', async () => {
    const root = await tempDir();
    const provider = createFileProvider({ root });
    await writeFile(join(root, 'db'), 'first');
    const version = sha16('first');
    const record = await provider.getSecret({ name: 'db', version }, context());
    expect(Buffer.from(record.value as Uint8Array).toString()).toBe('first');
    await writeFile(join(root, 'db'), 'second');
    const error = await rejection(provider.getSecret({ name: 'db', version }, context()), 'NOT_FOUND');
    expect(error.message).toContain(version);
    await rejection(provider.getVersion({ name: 'db', version }, context()), 'NOT_FOUND');
  });

  it('reads nested names, and names through symlinks that stay inside the root', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'app', 'db'), { recursive: true });
    await writeFile(join(root, 'app', 'db', 'password'), 'pw');
    await symlink('app/db/password', join(root, 'link'));
    await symlink(join(root, 'app'), join(root, 'absolute-link'));
    const provider = createFileProvider({ root });
    for (const name of ['app/db/password', 'link', 'absolute-link/db/password', './app/x/../db/password']) {
      const record = await provider.getSecret({ name }, context());
      expect(Buffer.from(record.value as Uint8Array).toString(), name).toBe('pw');
      expect(record.name).toBe(name);
    }
    const absolute = join(root, 'app', 'db', 'password');
    expect((await provider.getSecret({ name: absolute }, context())).version).toBe(sha16('pw'));
  });

  it('without a root, a name is any path: absolute, or relative to the working directory', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'db'), 'pw');
    const provider = createFileProvider();
    expect(provider.root).toBeUndefined();
    expect((await provider.getSecret({ name: join(dir, 'db') }, context())).version).toBe(sha16('pw'));
    const fromCwd = relative(process.cwd(), join(dir, 'db'));
    expect(isAbsolute(fromCwd)).toBe(false);
    expect((await provider.getSecret({ name: fromCwd }, context())).version).toBe(sha16('pw'));
  });
});

describe('error codes', () => {
  it('a missing file, or a path through a file, is NOT_FOUND', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'plain'), 'x');
    const provider = createFileProvider({ root });
    for (const name of ['missing', 'dir/missing', 'plain/below']) {
      const error = await rejection(provider.getSecret({ name }, context()), 'NOT_FOUND');
      expect(error.provider).toBe('file');
      expect(error.secretName).toBe(name);
      await rejection(provider.getVersion({ name }, context()), 'NOT_FOUND');
    }
    await rejection(createFileProvider().getSecret({ name: join(root, 'missing') }, context()), 'NOT_FOUND');
  });

  it('a missing root is NOT_FOUND for every name', async () => {
    const root = join(await tempDir(), 'not-mounted-yet');
    await rejection(createFileProvider({ root }).getSecret({ name: 'db' }, context()), 'NOT_FOUND');
  });

  it('a directory is INVALID_REQUEST', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'dir'));
    const provider = createFileProvider({ root });
    const error = await rejection(provider.getSecret({ name: 'dir' }, context()), 'INVALID_REQUEST');
    expect(error.message).toContain('is a directory');
    await rejection(provider.getSecret({ name: '.' }, context()), 'INVALID_REQUEST');
    await rejection(createFileProvider().getSecret({ name: root }, context()), 'INVALID_REQUEST');
  });

  it('a special file (a FIFO, a device) is INVALID_REQUEST, without blocking on it', async () => {
    const root = await tempDir();
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(root, 'pipe')]);
    await rejection(createFileProvider({ root }).getSecret({ name: 'pipe' }, context()), 'INVALID_REQUEST');
    await rejection(createFileProvider().getSecret({ name: '/dev/null' }, context()), 'INVALID_REQUEST');
  });

  it('a symlink loop is INVALID_REQUEST', async () => {
    const root = await tempDir();
    await symlink('b', join(root, 'a'));
    await symlink('a', join(root, 'b'));
    await rejection(createFileProvider({ root }).getSecret({ name: 'a' }, context()), 'INVALID_REQUEST');
  });

  it('a file it may not read is ACCESS_DENIED', async (test) => {
    const root = await tempDir();
    let path = join(root, 'locked');
    await writeFile(path, 'x');
    await chmod(path, 0o000);
    // root reads any mode; /proc/sys/vm/compact_memory is write-only for root too (Linux)
    if (process.getuid?.() === 0) path = '/proc/sys/vm/compact_memory';
    const precondition = await readFile(path).then(
      () => 'readable',
      (error: { code?: string }) => error.code,
    );
    if (precondition !== 'EACCES') return test.skip(`no unreadable file here (${precondition})`);
    const error = await rejection(createFileProvider().getSecret({ name: path }, context()), 'ACCESS_DENIED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('EACCES');
  });

  it('a stage is CONFIG: files have no stages', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'db'), 'x');
    await rejection(
      createFileProvider({ root }).getSecret({ name: 'db', stage: 'AWSCURRENT' }, context()),
      'CONFIG',
    );
  });

  it.each([
    ['an empty name', ''],
    ['a name with NUL', 'a\u0000b'],
    ['a name with a newline', 'a\nb'],
  ])('%s is CONFIG', async (_what, name) => {
    const root = await tempDir();
    await rejection(createFileProvider({ root }).getSecret({ name }, context()), 'CONFIG');
  });

  it.each([[{ root: '' }], [{ root: 42 }], [{ root: 'a\u0000b' }], [{ rootDir: '/tmp' }], ['/tmp']])(
    'options %j are CONFIG at construction',
    (options) => {
      expect(() => createFileProvider(options as never)).toThrow(
        expect.objectContaining({ code: 'CONFIG', provider: 'file' }),
      );
    },
  );

  it('after close every call is CLOSED', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'db'), 'x');
    const provider = createFileProvider({ root });
    await provider.close();
    await rejection(provider.getSecret({ name: 'db' }, context()), 'CLOSED');
    await rejection(provider.getVersion({ name: 'db' }, context()), 'CLOSED');
  });

  it('an aborted signal is ABORTED', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'db'), 'x');
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      createFileProvider({ root }).getSecret({ name: 'db' }, { signal: controller.signal }),
      'ABORTED',
    );
    expect(error.provider).toBe('file');
  });
});

describe('size limit', () => {
  it('a file over 16 MiB is INVALID_REQUEST, without reading it', async () => {
    const root = await tempDir();
    const { truncate } = await import('node:fs/promises');
    await writeFile(join(root, 'huge.log'), '');
    await truncate(join(root, 'huge.log'), 16 * 1024 * 1024 + 1); // sparse: no disk, no content
    const error = await rejection(
      createFileProvider({ root }).getSecret({ name: 'huge.log' }, context()),
      'INVALID_REQUEST',
    );
    expect(error.message).toContain('at most 16777216');
    await truncate(join(root, 'huge.log'), 16 * 1024 * 1024);
    const record = await createFileProvider({ root }).getSecret({ name: 'huge.log' }, context());
    expect((record.value as Uint8Array).byteLength).toBe(16 * 1024 * 1024);
  });
});
