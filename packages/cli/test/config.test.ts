// --config FILE with real processes: YAML and JSON, `env`, the options under kebab-case names, and
// flags that win over the file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, canary, fixture, NODE, runCli, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
const path = (name: string) => join(dir.path, name);
writeFileSync(path('one'), 'value-one');
writeFileSync(path('two'), 'value-two');
writeFileSync(path('app.env'), `FROM_ENV_FILE=file://${path('one')}\n`);

function report(out: string) {
  return JSON.parse(readFileSync(out, 'utf8')) as { env: Record<string, string> };
}

describe('secretkit --config', () => {
  it('run takes env, env-file, pristine and mask from a YAML file', async () => {
    writeFileSync(
      path('run.yaml'),
      `# secretkit.yaml\nenv:\n  ONE: file://${path('one')}\n  PLAIN: 8080\nenv-file: app.env\npristine: true\nmask: false\n`,
    );
    const out = path('run.json');
    const result = await runCli(
      ['run', '--config', path('run.yaml'), '--', NODE, fixture('report-env.mjs'), out],
      {
        env: baseEnv({ NOT_KEPT: 'x' }),
      },
    );
    expect(result.code).toBe(0);
    expect(report(out).env).toEqual({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ONE: 'value-one',
      PLAIN: '8080',
      FROM_ENV_FILE: 'value-one',
    });
  });

  it('flags win over the file: --env over env, --mask over mask: false', async () => {
    writeFileSync(path('win.json'), JSON.stringify({ env: { ONE: `file://${path('one')}` }, mask: false }));
    const result = await runCli([
      'run',
      '--config',
      path('win.json'),
      '--env',
      `ONE=file://${path('two')}`,
      '--mask',
      '--',
      NODE,
      '-e',
      'console.log(process.env.ONE.length, process.env.ONE)',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: '9 [redacted]\n' });
  });

  it('an unknown key, a mode given as a number, and a syntax error are 64; the error shows no value', async () => {
    const secret = canary('config');
    writeFileSync(path('unknown.yaml'), 'intervall: 1m\n');
    writeFileSync(path('mode.yaml'), 'mode: 0640\n');
    writeFileSync(path('broken.yaml'), `env:\n  DB: "${secret}\n  OTHER: [\n`);
    for (const [file, message] of [
      ['unknown.yaml', 'unknown key "intervall"'],
      ['mode.yaml', 'mode must be a quoted octal string'],
      ['broken.yaml', 'not valid YAML or JSON at line'],
    ]) {
      const out = path(`never-${file}.json`);
      const result = await runCli([
        'run',
        '--config',
        path(file!),
        '--',
        NODE,
        fixture('report-env.mjs'),
        out,
      ]);
      expect(result.code, file).toBe(64);
      expect(result.stderr, file).toContain(message);
      expect(result.stderr, file).not.toContain(secret);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a missing config file is 66', async () => {
    expect((await runCli(['get', '--config', path('nope.yaml'), `file://${path('one')}`])).code).toBe(66);
  });
});
