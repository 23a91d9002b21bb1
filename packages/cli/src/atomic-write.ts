// The output of `render` (DESIGN §10): written atomically — a temporary file in the same directory,
// written, fsynced, given its mode (default 0600, whatever the umask), then renamed over the
// destination. No backup copies. Unchanged content is not rewritten (its mtime stays).
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SecretsError } from '@secretkit/core';

export const DEFAULT_MODE = 0o600;

/** Octal text ('0640', '640') → a mode; CONFIG for anything else or anything above 0777. */
export function parseMode(text: string, origin: string): number {
  if (!/^0?[0-7]{3}$/.test(text)) {
    throw new SecretsError('CONFIG', `${origin} must be an octal mode such as 0600 or 0640 (got "${text}")`);
  }
  return Number.parseInt(text, 8);
}

function writeError(path: string, error: unknown): SecretsError {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT' || errno === 'ENOTDIR') {
    return new SecretsError('NOT_FOUND', `cannot write ${path}: its directory does not exist`);
  }
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS') {
    return new SecretsError('ACCESS_DENIED', `cannot write ${path}: permission denied (${errno})`);
  }
  return new SecretsError('UNKNOWN', `cannot write ${path} (${errno ?? 'error'})`);
}

async function currentContent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined; // missing (or unreadable): write it
  }
}

/** Writes `content` to `path` unless it already holds exactly that; returns whether it wrote. */
export async function writeFileAtomic(path: string, content: Buffer, mode: number): Promise<boolean> {
  const existing = await currentContent(path);
  if (existing?.equals(content)) {
    try {
      if (((await stat(path)).mode & 0o777) !== mode) await chmod(path, mode); // no rewrite for a mode
    } catch (error) {
      throw writeError(path, error);
    }
    return false;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600); // never readable by others, even for a moment
    try {
      await handle.writeFile(content);
      await handle.sync();
      await handle.chmod(mode); // explicit: the umask does not apply
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw writeError(path, error);
  }
  await syncDirectory(dirname(path));
  return true;
}

/** Makes the rename durable; some filesystems refuse to fsync a directory, which changes nothing here. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
