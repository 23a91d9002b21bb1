// The conformance suite against the file provider over a real temporary directory: `put` writes a
// file natively, `remove` deletes it. Files have no version history, writes or listing.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeProviderConformance } from '@secretkit/conformance';
import { createFileProvider } from '../src/index.js';

describeProviderConformance({
  name: 'file',
  setup: async () => {
    const root = await mkdtemp(join(tmpdir(), 'secretkit-file-conformance-'));
    const provider = createFileProvider({ root });
    return {
      provider,
      put: async (name, value) => {
        await mkdir(dirname(join(root, name)), { recursive: true });
        await writeFile(join(root, name), value);
        return undefined;
      },
      remove: (name) => rm(join(root, name), { force: true }),
      teardown: async () => {
        await provider.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
  capabilities: { binary: true, versions: false, write: false, list: false, leases: false },
});
