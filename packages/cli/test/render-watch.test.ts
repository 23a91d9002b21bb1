// secretkit render --watch (a sidecar): rewrites on change and runs --exec after each rewrite, never
// shows a partial file, reports a failing ref and tries again at the next interval, stops on SIGTERM.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { finish, replaceFile, startCli, stopCli, tempDir, waitFor } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
let counter = 0;

function scenario(value: string | undefined) {
  const id = ++counter;
  const secret = join(dir.path, `secret-${id}`);
  const source = join(dir.path, `template-${id}.tpl`);
  const out = join(dir.path, `out-${id}.conf`);
  const hookLog = join(dir.path, `hook-${id}.log`);
  if (value !== undefined) writeFileSync(secret, value);
  writeFileSync(source, `begin\nvalue={{ file://${secret} }}\nend\n`);
  return { secret, source, out, hookLog };
}

const contentOf = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

describe.concurrent('secretkit render --watch', () => {
  it('rewrites on change, runs --exec after each rewrite, and a reader never sees a partial file', async ({
    expect,
  }) => {
    const big = (tag: string) => `${tag}:${'x'.repeat(256 * 1024)}`;
    const { secret, source, out, hookLog } = scenario(big('v1'));
    const exec = `head -c 16 '${out}' >> '${hookLog}'; echo >> '${hookLog}'`;
    const cli = startCli([
      'render',
      '--template',
      source,
      '--out',
      out,
      '--watch',
      '--interval',
      '1s',
      '--exec',
      exec,
    ]);
    await waitFor(() => contentOf(hookLog) === 'begin\nvalue=v1:x\n', 'the first render and its hook');
    const seen = new Set<string>();
    let partial = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const text = contentOf(out)!;
        if (!text.startsWith('begin\nvalue=') || !text.endsWith('\nend\n')) partial++;
        seen.add(text.slice(12, 14));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (const tag of ['v2', 'v3']) {
      replaceFile(secret, big(tag)); // as a volume update does: the old file or the new one
      await waitFor(() => contentOf(out)?.startsWith(`begin\nvalue=${tag}`), `the ${tag} render`, {
        timeoutMs: 8_000,
      });
    }
    reading = false;
    await reader;
    expect(partial).toBe(0);
    expect(seen).toEqual(new Set(['v1', 'v2', 'v3']));
    await waitFor(() => contentOf(hookLog)?.match(/begin/g)?.length === 3, 'the third hook');
    expect(contentOf(hookLog)).toBe('begin\nvalue=v1:x\nbegin\nvalue=v2:x\nbegin\nvalue=v3:x\n');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });

  it('a failing ref is reported once, leaves the output as it was, and the next good read rewrites it', async ({
    expect,
  }) => {
    const { secret, source, out } = scenario('first-1');
    const cli = startCli(['render', '--template', source, '--out', out, '--watch', '--interval', '1s']);
    await waitFor(() => contentOf(out)?.includes('value=first-1'), 'the first render');
    const before = statSync(out).mtimeMs;
    rmSync(secret);
    await waitFor(() => cli.stderr().includes(`cannot read file://${secret}: NOT_FOUND`), 'the report', {
      timeoutMs: 8_000,
    });
    expect(contentOf(out)).toBe('begin\nvalue=first-1\nend\n');
    expect(statSync(out).mtimeMs).toBe(before);
    replaceFile(secret, 'second-2');
    await waitFor(() => contentOf(out)?.includes('value=second-2'), 'the rewrite after recovery', {
      timeoutMs: 8_000,
    });
    expect(cli.stderr().match(/cannot read/g)).toHaveLength(1);
    expect(cli.stderr()).toContain('every ref reads again');
    expect((await stopCli(cli, 'SIGTERM')).code).toBe(0);
  });

  it('keeps trying when the first read fails, and renders once the secret appears', async ({ expect }) => {
    const { secret, source, out } = scenario(undefined);
    const cli = startCli(['render', '--template', source, '--out', out, '--watch', '--interval', '1s']);
    await waitFor(() => cli.stderr().includes('NOT_FOUND'), 'the first failure');
    expect(existsSync(out)).toBe(false);
    replaceFile(secret, 'late-1');
    await waitFor(() => contentOf(out)?.includes('value=late-1'), 'the render', { timeoutMs: 8_000 });
    expect((await stopCli(cli, 'SIGINT')).code).toBe(0);
  });

  it('a CONFIG failure on the first read ends it with 64 (it would never heal)', async ({ expect }) => {
    const { source, out } = scenario('x');
    writeFileSync(source, '{{ openbao://secret/app#/key }}'); // no BAO_ADDR
    const result = await finish(
      startCli(['render', '--template', source, '--out', out, '--watch', '--interval', '1s']),
    );
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('BAO_ADDR');
  });
});
