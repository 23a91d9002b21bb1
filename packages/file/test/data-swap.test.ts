// The `..data` symlink swap of kubelet's AtomicWriter and the Secrets Store CSI driver, done for real
// in a loop by a worker thread (new timestamped directory, symlink `..data_tmp`, rename over `..data`,
// remove the old directory) while the provider reads: no read fails, and every read is one of the
// two contents whole, with the version of exactly those bytes (no torn read).
import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test-setup/temp-dirs.js';
import { createFileProvider, type FileProvider } from '../src/index.js';

const tempDir = useTempDirs();
const sha16 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** Two contents of 64 KiB each that differ in every byte, so any mix of them is detectable. */
const CONTENTS = ['A', 'B'].map((letter) => `${letter.repeat(64 * 1024 - 6)}-end-${letter}`);

/** The swapper, as kubelet's AtomicWriter does it; flags[0] = stop, flags[1] = swaps done. */
const SWAPPER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { root, contents, flags: buffer } = workerData;
const flags = new Int32Array(buffer);
let current = '..2024_0';
for (let i = 1; Atomics.load(flags, 0) === 0; i++) {
  const next = '..2024_' + i;
  fs.mkdirSync(path.join(root, next));
  fs.writeFileSync(path.join(root, next, 'key'), contents[i % 2]);
  fs.symlinkSync(next, path.join(root, '..data_tmp'));
  fs.renameSync(path.join(root, '..data_tmp'), path.join(root, '..data'));
  fs.rmSync(path.join(root, current), { recursive: true });
  current = next;
  Atomics.store(flags, 1, i);
}
`;

let stopSwapping: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopSwapping?.();
  stopSwapping = undefined;
});

/** A volume laid out as kubelet does: key → ..data/key, ..data → ..2024_0 holding CONTENTS[0]. */
async function projectedVolume(): Promise<string> {
  const root = await tempDir();
  await mkdir(join(root, '..2024_0'));
  await writeFile(join(root, '..2024_0', 'key'), CONTENTS[0]!);
  await symlink('..2024_0', join(root, '..data'));
  await symlink('..data/key', join(root, 'key'));
  return root;
}

function startSwapping(root: string): { swaps: () => number } {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(SWAPPER, {
    eval: true,
    workerData: { root, contents: CONTENTS, flags: flags.buffer },
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => {});
  stopSwapping = async () => {
    Atomics.store(flags, 0, 1);
    await new Promise((resolve) => worker.once('exit', resolve));
  };
  return {
    swaps: () => {
      void failed;
      return Atomics.load(flags, 1);
    },
  };
}

/** Reads `name` until at least 200 swaps happened and both contents were seen; checks every read. */
async function readThroughSwaps(provider: FileProvider, name: string, swaps: () => number) {
  const seen = [0, 0];
  let reads = 0;
  const context = { signal: new AbortController().signal };
  while (reads < 100_000 && (swaps() < 200 || seen[0]! < 10 || seen[1]! < 10)) {
    const record = await provider.getSecret({ name }, context);
    const text = Buffer.from(record.value as Uint8Array).toString('utf8');
    const which = CONTENTS.indexOf(text);
    if (which === -1) expect.fail(`read ${reads} is neither content whole (${text.length} bytes)`);
    expect(record.version).toBe(sha16(text));
    seen[which]!++;
    if (reads % 3 === 0) {
      expect(CONTENTS.map(sha16)).toContain(await provider.getVersion({ name }, context));
    }
    reads++;
  }
  return { seen, reads, swaps: swaps() };
}

describe('the ..data symlink swap', () => {
  it('under a root: every read is one whole content, none fails', async () => {
    const root = await projectedVolume();
    const { swaps } = startSwapping(root);
    const outcome = await readThroughSwaps(createFileProvider({ root }), 'key', swaps);
    expect(outcome.swaps).toBeGreaterThanOrEqual(200);
    expect(outcome.seen[0]).toBeGreaterThanOrEqual(10);
    expect(outcome.seen[1]).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it('without a root, by absolute path: the same', async () => {
    const root = await projectedVolume();
    const { swaps } = startSwapping(root);
    const outcome = await readThroughSwaps(createFileProvider(), join(root, 'key'), swaps);
    expect(outcome.swaps).toBeGreaterThanOrEqual(200);
    expect(Math.min(...outcome.seen)).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it('the files under ..data are read too (the name through the swapped link itself)', async () => {
    const root = await projectedVolume();
    const { swaps } = startSwapping(root);
    const outcome = await readThroughSwaps(createFileProvider({ root }), '..data/key', swaps);
    expect(Math.min(...outcome.seen)).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
