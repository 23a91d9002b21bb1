// secretkit run: the child's environment, its arguments (no shell), stdin, exit codes, and that no
// child starts when any ref fails.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, canary, finish, fixture, NODE, runCli, startProcess, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
const path = (name: string) => join(dir.path, name);
const file = (name: string) => `file://${path(name)}`;
writeFileSync(path('db.json'), JSON.stringify({ password: 'db-pass-1', user: 'app' }));
writeFileSync(path('token'), 'tok-value-1');
writeFileSync(path('nul'), 'a\0b-value');

interface Report {
  env: Record<string, string>;
  args: string[];
  stdoutIsTTY: boolean;
}

let reports = 0;
/** Runs `secretkit run ...flags -- node report-env.mjs OUT [code] [...args]`; returns the result and the report. */
async function runReport(
  flags: string[],
  options: { env?: Record<string, string>; code?: number; args?: string[] } = {},
) {
  const out = path(`report-${++reports}.json`);
  const result = await runCli(
    [
      'run',
      ...flags,
      '--',
      NODE,
      fixture('report-env.mjs'),
      out,
      String(options.code ?? 0),
      ...(options.args ?? []),
    ],
    { env: options.env ?? baseEnv(), cwd: dir.path },
  );
  const report = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Report) : undefined;
  return { result, report };
}

describe('secretkit run: the environment', () => {
  it('adds --env and --env-file variables and resolves refs in the inherited environment', async () => {
    writeFileSync(
      path('app.env'),
      `# app settings\nPLAIN=from-file\nTOKEN=${file('token')}\n\nOVERRIDE=from-file\n`,
    );
    writeFileSync(path('second.env'), 'SECOND=yes\nOVERRIDE=from-second-file\n');
    const { result, report } = await runReport(
      [
        '--env',
        `DB_PASSWORD=${file('db.json')}#/password`,
        '--env',
        'MODE=literal value',
        '--env-file',
        path('app.env'),
        '--env-file',
        path('second.env'),
        '--env',
        'OVERRIDE=from-flag',
      ],
      {
        env: baseEnv({
          INHERITED_REF: `${file('db.json')}#/user`,
          INHERITED_PLAIN: 'kept',
          OVERRIDE: 'inherited',
        }),
      },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(report!.env).toMatchObject({
      DB_PASSWORD: 'db-pass-1',
      MODE: 'literal value',
      PLAIN: 'from-file',
      TOKEN: 'tok-value-1',
      SECOND: 'yes',
      OVERRIDE: 'from-flag',
      INHERITED_REF: 'app',
      INHERITED_PLAIN: 'kept',
      PATH: process.env.PATH,
    });
  });

  it('never passes SECRETKIT_* variables, inherited ones included', async () => {
    const { result, report } = await runReport([], {
      env: baseEnv({ SECRETKIT_AGENT_TOKEN: 'agent-token', SECRETKIT_REF: file('token'), NOT_RESERVED: 'x' }),
    });
    expect(result.code).toBe(0);
    expect(Object.keys(report!.env).filter((name) => name.startsWith('SECRETKIT_'))).toEqual([]);
    expect(report!.env.NOT_RESERVED).toBe('x');
  });

  it('--pristine gives only PATH, HOME and the named variables', async () => {
    writeFileSync(path('pristine.env'), `FROM_FILE=${file('token')}\n`);
    const { result, report } = await runReport(
      ['--pristine', '--env', `DB=${file('db.json')}#/password`, '--env-file', path('pristine.env')],
      { env: baseEnv({ LEAKY: 'should-not-arrive', REF_NOT_NAMED: file('token') }) },
    );
    expect(result.code).toBe(0);
    expect(report!.env).toEqual({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DB: 'db-pass-1',
      FROM_FILE: 'tok-value-1',
    });
  });

  it('starts no child when one ref fails, reports the ref, and exits with its code', async () => {
    const { result, report } = await runReport([
      '--env',
      `GOOD=${file('token')}`,
      '--env',
      `BAD=${file('missing')}`,
    ]);
    expect(report).toBeUndefined();
    expect(result.code).toBe(66);
    expect(result.stderr).toContain(`secretkit: cannot read ${file('missing')}: NOT_FOUND`);
    expect(result.stderr).not.toContain('tok-value-1');
  });

  it('reports every failing ref, and exits with the first one’s code', async () => {
    const { result, report } = await runReport([
      '--env',
      `A=${file('db.json')}#/nope`,
      '--env',
      'B=vault://secret/x', // no VAULT_ADDR: CONFIG
    ]);
    expect(report).toBeUndefined();
    expect(result.code).toBe(66);
    expect(result.stderr.match(/cannot read/g)).toHaveLength(2);
  });

  it('refuses a value with a NUL byte (no environment can carry it), naming the variable only', async () => {
    const { result, report } = await runReport(['--env', `BINARY=${file('nul')}`]);
    expect(report).toBeUndefined();
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('BINARY');
    expect(result.stderr).not.toContain('b-value');
  });

  it('an env file error names the file and line, never the content', async () => {
    const secret = canary('envfile');
    writeFileSync(path('broken.env'), `OK=1\n${secret}\n`);
    const { result, report } = await runReport(['--env-file', path('broken.env')]);
    expect(report).toBeUndefined();
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(`${path('broken.env')}:2: expected NAME=VALUE`);
    expect(result.stderr).not.toContain(secret);
  });

  it('a missing env file is 66 (run as `node -- secretkit`: node itself exits 9 on it otherwise, nodejs/node#54232)', async () => {
    const missing = path('nonexistent.env');
    const result = await finish(
      startProcess(NODE, ['--', BIN, 'run', '--env-file', missing, '--', NODE, '-e', '0'], {
        env: baseEnv(),
      }),
    );
    expect(result).toMatchObject({
      code: 66,
      stderr: expect.stringContaining(`--env-file ${missing}: no such file`),
    });
    const direct = await runCli(['run', '--env-file', missing, '--', NODE, '-e', '0']);
    expect(direct.code).not.toBe(0); // node's own check (exit 9) or ours (66): never a child without its variables
  });
});

describe('secretkit run: the child', () => {
  it('is spawned without a shell: arguments arrive exactly as given', async () => {
    const args = ['$HOME', '*', 'a b', '; echo hi', '`id`', "'q'"];
    const { result, report } = await runReport([], { args });
    expect(result.code).toBe(0);
    expect(report!.args).toEqual(args);
  });

  it('exits with the child’s code', async () => {
    for (const code of [0, 1, 3, 42, 255]) {
      expect((await runReport([], { code })).result.code).toBe(code);
    }
  });

  it('exits with 128 + n when a signal ended the child', async () => {
    const killed = await runCli(['run', '--', '/bin/sh', '-c', 'kill -KILL $$']);
    expect(killed.code).toBe(137);
    const terminated = await runCli(['run', '--', '/bin/sh', '-c', 'kill -TERM $$']);
    expect(terminated.code).toBe(143);
  });

  it('exits 127 for a command that does not exist and 126 for one it cannot execute', async () => {
    const missing = await runCli(['run', '--', path('no-such-program')]);
    expect(missing).toMatchObject({ code: 127, stderr: expect.stringContaining('command not found') });
    writeFileSync(path('not-executable'), '#!/bin/sh\n');
    chmodSync(path('not-executable'), 0o644);
    expect((await runCli(['run', '--', path('not-executable')])).code).toBe(126);
  });

  it('inherits stdin', async () => {
    const out = path('stdin-copy');
    const child = spawn(
      NODE,
      [
        BIN,
        'run',
        '--',
        NODE,
        '-e',
        `process.stdin.pipe(require('fs').createWriteStream(${JSON.stringify(out)}))`,
      ],
      { env: baseEnv(), stdio: ['pipe', 'ignore', 'ignore'] },
    );
    child.stdin.end('input through secretkit\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('input through secretkit\n');
  });
});
