// --config: every option under its kebab-case name, env and templates, relative paths from the
// file's directory; unknown keys and bad values are CONFIG naming the key, never the value.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig, loadConfig } from '../src/config-file.js';
import { tempDir } from './helpers.js';

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.cleanup();
});

function configFile(name: string, text: string): string {
  const dir = tempDir();
  dirs.push(dir);
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

describe('checkConfig', () => {
  it('takes every option, env and templates; paths from the config directory', () => {
    const asWritten = {
      // the options that name no path
      pristine: true,
      watch: true,
      interval: '30s',
      'on-change': 'signal:SIGHUP',
      'restart-signal': 'SIGINT',
      'kill-timeout': 5000,
      mask: false,
      mode: '0640',
      once: false,
      exec: 'echo hi',
    };
    const config = checkConfig(
      {
        ...asWritten,
        'env-file': 'app.env',
        template: 'in.tpl',
        out: '/abs/out',
        env: { DB: 'vault://secret/db#/pw', PORT: 8080 },
        templates: [{ source: 'a.tpl', destination: 'out/a', mode: '0600' }],
      },
      'cfg',
      '/etc/secretkit',
    );
    expect(config).toEqual({
      ...asWritten,
      'env-file': ['/etc/secretkit/app.env'],
      template: '/etc/secretkit/in.tpl',
      out: '/abs/out', // already absolute
      env: [
        { name: 'DB', value: 'vault://secret/db#/pw', origin: 'cfg: env.DB' },
        { name: 'PORT', value: '8080', origin: 'cfg: env.PORT' },
      ],
      templates: [{ source: '/etc/secretkit/a.tpl', destination: '/etc/secretkit/out/a', mode: '0600' }],
    });
  });

  it.each([
    [{ intervall: '1m' }, 'unknown key "intervall"'],
    [{ pristine: 'yes' }, 'pristine must be true or false'],
    [{ mode: 416 }, "mode must be a quoted octal string such as '0640'"],
    [
      { templates: [{ source: 'a', destination: 'b', mode: 416 }] },
      'templates[0].mode must be a quoted octal',
    ],
    [{ templates: [{ source: 'a', dest: 'b' }] }, 'templates[0]: unknown key "dest"'],
    [{ templates: [{ source: 'a' }] }, 'templates[0].destination must be a path'],
    [{ env: ['A=b'] }, 'env must be a mapping'],
    [{ env: { 'BAD-NAME': 'x' } }, 'env.BAD-NAME is not a variable name'],
    [{ env: { A: { nested: 'CANARY-nested' } } }, 'env.A must be a ref or a plain string'],
    [['a'], 'the top level must be a mapping'],
  ])('%j is CONFIG: %s', (document, message) => {
    let caught: unknown;
    try {
      checkConfig(document, 'cfg', '/');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'CONFIG', message: expect.stringContaining(message) });
    expect(String((caught as Error).message)).not.toContain('CANARY');
  });

  it('an empty document is no options', () => {
    expect(checkConfig(null, 'cfg', '/')).toEqual({ env: [], templates: [] });
  });
});

describe('loadConfig', () => {
  it('reads YAML and JSON', async () => {
    const yaml = configFile('a.yaml', 'env:\n  DB: file:///run/db\nwatch: true\n');
    const json = configFile('a.json', '{"env": {"DB": "file:///run/db"}, "watch": true}');
    for (const path of [yaml, json]) {
      expect(await loadConfig(path)).toMatchObject({
        env: [{ name: 'DB', value: 'file:///run/db' }],
        watch: true,
      });
    }
  });

  it('a syntax error says where, never what the line holds', async () => {
    const path = configFile('bad.yaml', 'env:\n  DB: "CANARY-unterminated\n');
    await expect(loadConfig(path)).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/not valid YAML or JSON at line \d+, column \d+ \([A-Z_]+\)$/),
    });
    await expect(loadConfig(path)).rejects.not.toThrow(/CANARY/);
  });

  it('a duplicate key is CONFIG', async () => {
    const path = configFile('dup.yaml', 'watch: true\nwatch: false\n');
    await expect(loadConfig(path)).rejects.toMatchObject({ code: 'CONFIG' });
  });

  it('a missing file is NOT_FOUND (exit 66)', async () => {
    await expect(loadConfig('/nonexistent/secretkit.yaml')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '--config /nonexistent/secretkit.yaml: no such file',
    });
  });
});
