// One read of a secret file. Under a root: refuse `..`/absolute escapes lexically and symlink
// escapes by resolving the path (lstat/readlink, no open), then open by name (the kernel resolves
// it in one step, atomic against a `..data` swap), check where the descriptor really is, and read
// through that one descriptor: the bytes are one file's whole content, never a mix of two.
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileKit } from './file-errors.js';
import { openedPath } from './opened-path.js';
import { isInside, type Resolution, resolveReal } from './resolve-path.js';

/** Attempts when a read misses a file because a `..data` swap removed the old directory under it. */
export const SWAP_ATTEMPTS = 10;
/** Largest file read; a secret is far smaller (Kubernetes Secrets: 1 MiB), a log file is not. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Misses a concurrent swap can cause. */
const SWAP_RACE_CODES: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR']);

export interface FileContent {
  bytes: Uint8Array;
  modifiedAt: Date;
}

/** A miss that a swap in progress may have caused (`racy`), for the retry loop. */
function missing(racy: boolean): Error {
  return Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT', racy });
}

function escaped(name: string, how: string) {
  return fileKit.configError(`"${name}" ${how} the root directory`, name);
}

/** Opens `path` without blocking on a FIFO, checks the descriptor with `verify`, reads it whole. */
async function readOpened(
  path: string,
  name: string,
  verify: (handle: FileHandle) => Promise<void> = async () => {},
): Promise<FileContent> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    await verify(handle);
    const info = await handle.stat();
    if (info.isDirectory()) {
      throw fileKit.error('INVALID_REQUEST', `file provider: "${name}" is a directory, not a file`, { name });
    }
    if (!info.isFile()) {
      throw fileKit.error('INVALID_REQUEST', `file provider: "${name}" is not a regular file`, { name });
    }
    if (info.size > MAX_FILE_BYTES) {
      throw fileKit.error(
        'INVALID_REQUEST',
        `file provider: "${name}" is ${info.size} bytes; a secret file is at most ${MAX_FILE_BYTES}`,
        { name },
      );
    }
    const buffer = await handle.readFile();
    return {
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      modifiedAt: info.mtime,
    };
  } finally {
    await handle.close();
  }
}

/**
 * CONFIG unless the opened descriptor lies inside `rootReal`. Where the platform cannot name it, the
 * descriptor must be the file the resolution found (else a swap came between: retried).
 */
async function assertOpenedInside(handle: FileHandle, rootReal: string, target: Resolution, name: string) {
  const real = await openedPath(handle.fd);
  if (real !== undefined) {
    if (!isInside(rootReal, real)) throw escaped(name, 'was opened outside');
    return;
  }
  const info = await handle.stat();
  if (target.identity?.dev !== info.dev || target.identity.ino !== info.ino) throw missing(true);
}

/** One attempt under `root`: every escape is CONFIG before the open (and checked again after it). */
async function readUnderRoot(root: string, name: string): Promise<FileContent> {
  const lexical = resolve(root, name);
  if (!isInside(root, lexical)) throw escaped(name, 'is outside');
  const [rootReal, target] = await Promise.all([resolveReal(root), resolveReal(lexical)]);
  if (!rootReal.exists) throw missing(false);
  if (!isInside(rootReal.path, target.path)) throw escaped(name, 'leads (through a symlink) outside');
  if (!target.exists && !target.followedLink) throw missing(false);
  return readOpened(lexical, name, (handle) => assertOpenedInside(handle, rootReal.path, target, name));
}

/**
 * The content of `name`: under `root` when given (a relative name resolved under it), else the path
 * itself (relative to the working directory). Throws CONFIG, SecretsErrors and raw fs errors.
 */
export async function readSecretFile(root: string | undefined, name: string): Promise<FileContent> {
  for (let attempt = 1; ; attempt++) {
    try {
      return root === undefined ? await readOpened(resolve(name), name) : await readUnderRoot(root, name);
    } catch (error) {
      const { code, racy } = error as { code?: string; racy?: boolean };
      const mayBeSwap = code !== undefined && SWAP_RACE_CODES.has(code) && racy !== false;
      if (!mayBeSwap || attempt >= SWAP_ATTEMPTS) throw error;
    }
  }
}
