// Where a name really points, resolved one path component at a time with lstat and readlink (no
// content is read), so a path that leaves `root` through `..`, an absolute path or a symlink is
// refused before any open — a dangling symlink out of root too. Pure path checks are functions.
import { lstat, readlink } from 'node:fs/promises';
import { isAbsolute, join, parse, relative, resolve, sep } from 'node:path';

/** Most symlinks followed in one resolution, as Linux's MAXSYMLINKS. */
export const MAX_SYMLINK_HOPS = 40;

/** True when `path` is `root` or below it (both absolute and normalised). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The outcome of a resolution: the real path, or the path where it would be had it existed. */
export interface Resolution {
  /** Real (symlink-free) path when `exists`; else the lexical path of the missing entry. */
  path: string;
  exists: boolean;
  /** True when a symlink was followed (a miss may then be a `..data` swap in progress). */
  followedLink: boolean;
  /** Device and inode of what was found, to recognise it once opened. */
  identity?: { dev: number; ino: number };
}

function components(path: string): string[] {
  return path.split(sep).filter((part) => part !== '' && part !== '.');
}

/**
 * Resolves the absolute `start` the way the kernel does (`..` after a symlink is the link target's
 * parent). Throws ELOOP after MAX_SYMLINK_HOPS; any other lstat failure but a missing entry rethrows.
 */
export async function resolveReal(start: string): Promise<Resolution> {
  const { root: fsRoot } = parse(start);
  let current = fsRoot;
  const pending = components(start.slice(fsRoot.length));
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      current = resolve(current, '..');
      continue;
    }
    const next = join(current, part);
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(next);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return { path: resolve(next, ...pending), exists: false, followedLink: hops > 0 };
      }
      throw error;
    }
    if (info.isSymbolicLink()) {
      if (++hops > MAX_SYMLINK_HOPS) {
        // not a swap in progress: retrying would loop as long again
        throw Object.assign(new Error('ELOOP: too many symbolic links'), { code: 'ELOOP', racy: false });
      }
      const target = await readlink(next);
      if (isAbsolute(target)) {
        const targetRoot = parse(target).root;
        current = targetRoot;
        pending.unshift(...components(target.slice(targetRoot.length)));
      } else {
        pending.unshift(...components(target));
      }
      continue;
    }
    if (pending.length > 0 && !info.isDirectory()) {
      return { path: resolve(next, ...pending), exists: false, followedLink: hops > 0 };
    }
    current = next;
    if (pending.length === 0) {
      return {
        path: current,
        exists: true,
        followedLink: hops > 0,
        identity: { dev: info.dev, ino: info.ino },
      };
    }
  }
  return { path: current, exists: true, followedLink: hops > 0 };
}
