// Path escape is refused with CONFIG before any read (DESIGN §9): `..`, an absolute path outside the
// root, and symlinks out of it (to a file, to a directory, dangling, through a chain). "No read" is
// checked on the outside file's access time, which a read would move (relatime: atime < mtime).
import { readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SecretsError } from '@secretkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test-setup/temp-dirs.js';
import { findValue } from '../../conformance/src/leak-check.js';
import { createFileProvider } from '../src/index.js';

const tempDir = useTempDirs();
const CANARY = 'CANARY-outside-5d1c2b';
const context = () => ({ signal: new AbortController().signal });
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

let root: string;
let outside: string;
let outsideFile: string;

beforeEach(async () => {
  root = await tempDir();
  outside = await tempDir();
  outsideFile = join(outside, 'secret');
  await writeFile(outsideFile, CANARY);
  await utimes(outsideFile, LONG_AGO, new Date()); // atime before mtime: the next read moves it
  await writeFile(join(root, 'inside'), 'fine');
});

/** True when this file system records reads in atime (a control file read by fs directly). */
async function readsMoveAtime(): Promise<boolean> {
  const control = join(outside, 'control');
  await writeFile(control, 'x');
  await utimes(control, LONG_AGO, new Date());
  await readFile(control);
  return (await stat(control)).atimeMs !== LONG_AGO.getTime();
}

async function expectRefusedWithoutRead(name: string): Promise<SecretsError> {
  const provider = createFileProvider({ root });
  const calls = [
    () => provider.getSecret({ name }, context()),
    () => provider.getVersion({ name }, context()),
  ];
  for (const call of calls) {
    const error = await call().then(
      () => expect.fail(`"${name}" was read`),
      (thrown: unknown) => thrown as SecretsError,
    );
    expect(error).toBeInstanceOf(SecretsError);
    expect(error.code).toBe('CONFIG');
    expect(error.provider).toBe('file');
    expect(findValue(error, CANARY)).toEqual([]);
  }
  if (await readsMoveAtime()) expect((await stat(outsideFile)).atimeMs).toBe(LONG_AGO.getTime());
  return (await provider.getSecret({ name }, context()).catch((error: unknown) => error)) as SecretsError;
}

describe('path escape', () => {
  it('the atime check can fail: a read of the outside file through a provider rooted there moves it', async (test) => {
    if (!(await readsMoveAtime())) return test.skip('this file system does not record reads in atime');
    await createFileProvider({ root: outside }).getSecret({ name: 'secret' }, context());
    expect((await stat(outsideFile)).atimeMs).not.toBe(LONG_AGO.getTime());
  });

  it.each([
    ['a relative path up and out', () => relative(root, outsideFile)],
    ['down, then up and out', () => `sub/../${relative(root, outsideFile)}`],
    ['up past the file system root', () => `${'../'.repeat(30)}${outsideFile.slice(1)}`],
  ])('%s is CONFIG', async (_what, name) => {
    const error = await expectRefusedWithoutRead(name());
    expect(error.message).toContain('outside the root directory');
  });

  it('an absolute path outside the root is CONFIG; one inside is read', async () => {
    const error = await expectRefusedWithoutRead(outsideFile);
    expect(error.message).toContain('outside the root directory');
    const inside = await createFileProvider({ root }).getSecret({ name: join(root, 'inside') }, context());
    expect(Buffer.from(inside.value as Uint8Array).toString()).toBe('fine');
  });

  it('the root itself and its parent are refused or not files', async () => {
    await expectRefusedWithoutRead('..');
    const provider = createFileProvider({ root });
    await expect(provider.getSecret({ name: '' }, context())).rejects.toMatchObject({ code: 'CONFIG' });
  });

  it('a symlink to a file outside is CONFIG', async () => {
    await symlink(outsideFile, join(root, 'abs-link'));
    await symlink(`../${outside.split('/').pop()}/secret`, join(root, 'rel-link'));
    for (const name of ['abs-link', 'rel-link']) {
      const error = await expectRefusedWithoutRead(name);
      expect(error.message).toContain('through a symlink');
    }
  });

  it('a symlink to a directory outside is CONFIG for every name below it', async () => {
    await symlink(outside, join(root, 'dir-link'));
    await expectRefusedWithoutRead('dir-link/secret');
  });

  it('a chain of symlinks that ends outside is CONFIG', async () => {
    await symlink('hop2', join(root, 'hop1'));
    await symlink('hop3', join(root, 'hop2'));
    await symlink(outsideFile, join(root, 'hop3'));
    await expectRefusedWithoutRead('hop1');
  });

  it('a dangling symlink out of the root is CONFIG, not NOT_FOUND (it says nothing of the outside)', async () => {
    await symlink(join(outside, 'does-not-exist'), join(root, 'dangling-out'));
    await symlink('missing-inside', join(root, 'dangling-in'));
    await expectRefusedWithoutRead('dangling-out');
    await expect(
      createFileProvider({ root }).getSecret({ name: 'dangling-in' }, context()),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a symlink that leaves and comes back resolves inside, and is read', async () => {
    await symlink(join(root, 'inside'), join(outside, 'back'));
    await symlink(join(outside, 'back'), join(root, 'round-trip'));
    const record = await createFileProvider({ root }).getSecret({ name: 'round-trip' }, context());
    expect(Buffer.from(record.value as Uint8Array).toString()).toBe('fine');
  });

  it('a root given through a symlink still contains what is below it', async () => {
    const alias = join(outside, 'root-alias');
    await symlink(root, alias);
    const record = await createFileProvider({ root: alias }).getSecret({ name: 'inside' }, context());
    expect(Buffer.from(record.value as Uint8Array).toString()).toBe('fine');
    await expect(
      createFileProvider({ root: alias }).getSecret({ name: '../secret' }, context()),
    ).rejects.toMatchObject({ code: 'CONFIG' });
  });
});
