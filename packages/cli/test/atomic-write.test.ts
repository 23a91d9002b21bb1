// writeFileAtomic: same-directory temp + fsync + mode + rename, no backups, unchanged content left
// alone. (The mode under every umask is checked with real processes in render.test.ts.)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMode, writeFileAtomic } from '../src/atomic-write.js';
import { tempDir } from './helpers.js';

let dir: { path: string; cleanup(): void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('writeFileAtomic', () => {
  it('writes the content with the mode asked for and leaves no other file', async () => {
    const out = join(dir.path, 'app.conf');
    expect(await writeFileAtomic(out, Buffer.from('a=1\n'), 0o640)).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('a=1\n');
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir.path)).toEqual(['app.conf']);
  });

  it('replaces the file by rename (a new inode), never in place, and keeps no backup', async () => {
    const out = join(dir.path, 'app.conf');
    await writeFileAtomic(out, Buffer.from('v1'), 0o600);
    const before = statSync(out).ino;
    expect(await writeFileAtomic(out, Buffer.from('v2'), 0o600)).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('v2');
    expect(statSync(out).ino).not.toBe(before);
    expect(readdirSync(dir.path)).toEqual(['app.conf']);
  });

  it('does not rewrite unchanged content (same inode, same mtime), but fixes its mode', async () => {
    const out = join(dir.path, 'app.conf');
    writeFileSync(out, 'same', { mode: 0o644 });
    const before = statSync(out);
    expect(await writeFileAtomic(out, Buffer.from('same'), 0o600)).toBe(false);
    const after = statSync(out);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(after.mode & 0o777).toBe(0o600);
  });

  it('is NOT_FOUND when the directory does not exist, and leaves nothing behind', async () => {
    await expect(
      writeFileAtomic(join(dir.path, 'missing', 'out'), Buffer.from('x'), 0o600),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('its directory does not exist'),
    });
    expect(readdirSync(dir.path)).toEqual([]);
  });
});

describe('parseMode', () => {
  it('reads octal text', () => {
    expect(parseMode('0600', '--mode')).toBe(0o600);
    expect(parseMode('640', '--mode')).toBe(0o640);
  });

  it.each(['0800', '600x', '', '04755', '7'])('%j is CONFIG', (text) => {
    expect(() => parseMode(text, '--mode')).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });
});
