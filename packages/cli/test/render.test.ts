// secretkit render --once: {{ REF }} templates, atomic writes with mode 0600 whatever the umask, no
// backups, unchanged content left alone, and a failed ref that touches no output.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, canary, NODE, runCli, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
const path = (name: string) => join(dir.path, name);
const ref = (name: string) => `file://${path(name)}`;
const goodCanary = canary('render');
writeFileSync(path('db.json'), JSON.stringify({ password: goodCanary, user: 'app' }));
writeFileSync(path('api-key'), 'key-123456');
let outputs = 0;

function template(text: string): string {
  const file = path(`t-${++outputs}.tpl`);
  writeFileSync(file, text);
  return file;
}

function outDir(): string {
  const made = path(`out-${++outputs}`);
  execFileSync('mkdir', [made]);
  return made;
}

/** Runs `render` through /bin/sh with a umask, to show the mode does not depend on it. */
function renderWithUmask(umask: string, args: string[]): { code: number; stderr: string } {
  try {
    const quoted = args.map((arg) => `'${arg}'`).join(' ');
    execFileSync('/bin/sh', ['-c', `umask ${umask}; exec '${NODE}' '${BIN}' render ${quoted}`], {
      env: baseEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 15_000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stderr: Buffer };
    return { code: failed.status, stderr: failed.stderr.toString() };
  }
}

describe('secretkit render --once', () => {
  it('replaces {{ REF }} placeholders (spaces optional) and leaves everything else as written', async () => {
    const source = template(
      `user={{${ref('db.json')}#/user}}\npassword={{ ${ref('db.json')}#/password }}\nkey={{  ${ref('api-key')}  }}\nhelm={{ .Values.x }}\n`,
    );
    const out = join(outDir(), 'app.conf');
    const result = await runCli(['render', '--template', source, '--out', out, '--once']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: `secretkit: wrote ${out}\n` });
    expect(readFileSync(out, 'utf8')).toBe(
      `user=app\npassword=${goodCanary}\nkey=key-123456\nhelm={{ .Values.x }}\n`,
    );
  });

  it('writes mode 0600 by default whatever the umask, and --mode exactly as given', () => {
    const source = template(`k={{ ${ref('api-key')} }}\n`);
    const target = outDir();
    for (const [umask, flags, mode] of [
      ['000', [], 0o600],
      ['022', [], 0o600],
      ['077', ['--mode', '0640'], 0o640],
      ['000', ['--mode', '0400'], 0o400],
    ] as const) {
      const out = join(target, `mode-${umask}-${mode.toString(8)}`);
      expect(renderWithUmask(umask, ['--template', source, '--out', out, ...flags]).code).toBe(0);
      expect((statSync(out).mode & 0o777).toString(8)).toBe(mode.toString(8));
    }
  });

  it('replaces the file by rename, leaves no temporary file or backup, and does not rewrite unchanged content', async () => {
    const source = template(`k={{ ${ref('api-key')} }}\n`);
    const target = outDir();
    const out = join(target, 'app.conf');
    writeFileSync(out, 'old content');
    const before = statSync(out);
    expect((await runCli(['render', '--template', source, '--out', out])).code).toBe(0);
    const written = statSync(out);
    expect(written.ino).not.toBe(before.ino);
    expect(readdirSync(target)).toEqual(['app.conf']);
    const again = await runCli(['render', '--template', source, '--out', out]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const after = statSync(out);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });

  it('a failed ref leaves the output untouched and exits with the ref’s code, naming no value', async () => {
    const source = template(`good={{ ${ref('db.json')}#/password }}\nbad={{ ${ref('missing')} }}\n`);
    const out = join(outDir(), 'app.conf');
    writeFileSync(out, 'previous');
    const before = statSync(out);
    const result = await runCli(['render', '--template', source, '--out', out, '--once']);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain(`cannot read ${ref('missing')}: NOT_FOUND`);
    expect(result.stderr).not.toContain(goodCanary);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(statSync(out).mtimeMs).toBe(before.mtimeMs);
  });

  it('renders several templates from --config with their modes; one failure writes none of them', async () => {
    const target = outDir();
    const a = template(`a={{ ${ref('api-key')} }}`);
    const b = template(`b={{ ${ref('db.json')}#/user }}`);
    const config = path(`render-${++outputs}.yaml`);
    writeFileSync(
      config,
      `templates:\n  - { source: ${a}, destination: ${target}/a.conf, mode: '0640' }\n  - { source: ${b}, destination: ${target}/b.conf }\n`,
    );
    expect((await runCli(['render', '--config', config])).code).toBe(0);
    expect(readFileSync(join(target, 'a.conf'), 'utf8')).toBe('a=key-123456');
    expect(statSync(join(target, 'a.conf')).mode & 0o777).toBe(0o640);
    expect(statSync(join(target, 'b.conf')).mode & 0o777).toBe(0o600);

    const broken = template(`c={{ ${ref('missing')} }}`);
    writeFileSync(
      config,
      `templates:\n  - { source: ${a}, destination: ${target}/a2.conf }\n  - { source: ${broken}, destination: ${target}/c.conf }\n`,
    );
    expect((await runCli(['render', '--config', config])).code).toBe(66);
    expect(readdirSync(target).sort()).toEqual(['a.conf', 'b.conf']);
  });

  it('runs --exec after a rewrite, not when nothing changed', async () => {
    const source = template(`k={{ ${ref('api-key')} }}`);
    const out = join(outDir(), 'app.conf');
    const hookLog = path(`hook-${outputs}.log`);
    const exec = `cat '${out}' >> '${hookLog}'; echo >> '${hookLog}'`;
    expect((await runCli(['render', '--template', source, '--out', out, '--exec', exec])).code).toBe(0);
    expect((await runCli(['render', '--template', source, '--out', out, '--exec', exec])).code).toBe(0);
    expect(readFileSync(hookLog, 'utf8')).toBe('k=key-123456\n');
    const failing = await runCli([
      'render',
      '--template',
      template('other'),
      '--out',
      out,
      '--exec',
      'exit 4',
    ]);
    expect(failing).toMatchObject({
      code: 70,
      stderr: expect.stringContaining('--exec failed (exit code 4)'),
    });
  });

  it('warns about a placeholder that looks like a ref but is not one, and leaves it as written', async () => {
    const source = template('x={{ awssecret://prod/db }}\n');
    const out = join(outDir(), 'app.conf');
    const result = await runCli(['render', '--template', source, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${source}:1: {{ … }} is not a ref`);
    expect(readFileSync(out, 'utf8')).toBe('x={{ awssecret://prod/db }}\n');
  });

  it('a missing template is 66, a missing output directory 66, a malformed ref 64', async () => {
    expect((await runCli(['render', '--template', path('nope.tpl'), '--out', path('x')])).code).toBe(66);
    const source = template(`k={{ ${ref('api-key')} }}`);
    expect((await runCli(['render', '--template', source, '--out', path('no-dir/x')])).code).toBe(66);
    const malformed = template('k={{ vault://secret/app?token=abc }}');
    expect((await runCli(['render', '--template', malformed, '--out', path('y')])).code).toBe(64);
  });
});
