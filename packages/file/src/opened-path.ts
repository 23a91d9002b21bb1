// Where an open file descriptor really is: Linux names it in /proc/self/fd (atomically right, even
// if a swap renamed or deleted the path since). Undefined where there is no such file system.
import { readlink } from 'node:fs/promises';

const DELETED_SUFFIX = ' (deleted)';

/** The real path of open descriptor `fd`, or undefined when the platform cannot say. */
export async function openedPath(fd: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const path = await readlink(`/proc/self/fd/${fd}`);
    if (!path.startsWith('/')) return undefined; // "pipe:[…]", "anon_inode:…": not a path
    return path.endsWith(DELETED_SUFFIX) ? path.slice(0, -DELETED_SUFFIX.length) : path;
  } catch {
    return undefined;
  }
}
