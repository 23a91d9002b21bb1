// secretkit get REF: exact bytes, the pointer applied, a newline only for a terminal, and the exit
// code of every failure, with no secret value in any message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVaultFake, type VaultFakeSocket } from '@secretkit/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, canary, NODE, runCli, tempDir } from './helpers.js';

const dir = tempDir();
const fake = createVaultFake();
let socket: VaultFakeSocket;
const secretCanary = canary('get');

beforeAll(async () => {
  socket = await fake.listen({ port: 0 });
  fake.put('secret/app/db', { password: secretCanary, user: 'app' });
  fake.denied.add('secret/data/app/denied');
  fake.put('secret/app/denied', { password: secretCanary });
  const bytes = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  writeFileSync(join(dir.path, 'binary'), bytes);
  writeFileSync(join(dir.path, 'db.json'), JSON.stringify({ password: secretCanary, port: 5432 }));
  writeFileSync(join(dir.path, 'plain'), `${secretCanary} and more`);
  writeFileSync(join(dir.path, 'broken.json'), `{"password": "${secretCanary}", [`);
  writeFileSync(join(dir.path, 'with-newline'), 'line\n');
  mkdirSync(join(dir.path, 'a-directory'));
});
afterAll(async () => {
  await fake.close();
  dir.cleanup();
});

const file = (name: string) => `file://${join(dir.path, name)}`;
const vaultEnv = (token = fake.rootToken) => baseEnv({ VAULT_ADDR: socket.url, VAULT_TOKEN: token });

describe('secretkit get', () => {
  it('writes binary values byte for byte, with no newline added on a pipe', async () => {
    const result = await runCli(['get', file('binary')]);
    expect(result.code).toBe(0);
    const expected = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) expected[i] = i;
    expect(result.stdoutBytes.equals(expected)).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('applies the pointer: a string as is, anything else as JSON', async () => {
    expect(await runCli(['get', `${file('db.json')}#/password`])).toMatchObject({
      code: 0,
      stdout: secretCanary,
    });
    expect(await runCli(['get', `${file('db.json')}#/port`])).toMatchObject({ code: 0, stdout: '5432' });
    expect(await runCli(['get', 'vault://secret/app/db#/user'], { env: vaultEnv() })).toMatchObject({
      code: 0,
      stdout: 'app',
    });
  });

  it('adds a newline only when stdout is a terminal (and the value has none)', () => {
    const inTerminal = (ref: string) =>
      execFileSync('script', ['-qec', `'${NODE}' '${BIN}' get '${ref}'`, '/dev/null'], {
        env: baseEnv(),
        timeout: 15_000,
      });
    expect(inTerminal(`${file('db.json')}#/port`).toString()).toBe('5432\r\n');
    expect(inTerminal(file('with-newline')).toString()).toBe('line\r\n');
  });

  it.each([
    ['a missing file', () => file('missing'), 66, 'NOT_FOUND'],
    ['a missing key', () => `${file('db.json')}#/nope`, 66, 'NOT_FOUND'],
    ['a malformed ref', () => 'file://', 64, 'CONFIG'],
    ['an unknown query key', () => `${file('db.json')}?region=x`, 64, 'CONFIG'],
    ['a pointer into plain text', () => `${file('plain')}#/password`, 65, 'WRONG_TYPE'],
    ['a pointer into broken JSON', () => `${file('broken.json')}#/password`, 65, 'PARSE'],
    ['a directory', () => file('a-directory'), 70, 'INVALID_REQUEST'],
  ])('%s: its exit code, and no value in the message', async (_, ref, code, errorCode) => {
    const result = await runCli(['get', ref()]);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`secretkit: cannot read ${ref()}: ${errorCode}: `);
    expect(result.stderr).not.toContain(secretCanary);
  });

  it('Vault: denied is 77, a bad token 77, an unreachable server 69', async () => {
    const denied = await runCli(['get', 'vault://secret/app/denied#/password'], { env: vaultEnv() });
    expect(denied).toMatchObject({ code: 77, stdout: '', stderr: expect.stringContaining('ACCESS_DENIED') });
    const tokenCanary = canary('token');
    const badToken = await runCli(['get', 'vault://secret/app/db#/password'], { env: vaultEnv(tokenCanary) });
    expect(badToken).toMatchObject({
      code: 77,
      stdout: '',
      stderr: expect.stringContaining('UNAUTHENTICATED'),
    });
    const unreachable = await runCli(['get', 'vault://secret/app/db#/password'], {
      env: baseEnv({ VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: tokenCanary }),
    });
    expect(unreachable).toMatchObject({
      code: 69,
      stdout: '',
      stderr: expect.stringContaining('UNAVAILABLE'),
    });
    for (const result of [denied, badToken, unreachable]) {
      expect(result.stderr).not.toContain(secretCanary);
      expect(result.stderr).not.toContain(tokenCanary);
    }
  });
});
