// The agent's token: read once at startup (--token-file, else SECRETKIT_AGENT_TOKEN; neither is a
// usage error, 64), and the constant-time check every request that needs it goes through.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inputFileError, usageError } from '../report.js';

export const TOKEN_ENV = 'SECRETKIT_AGENT_TOKEN';

/**
 * The token from `file` (surrounding whitespace trimmed: files end with a newline), else from
 * `env[SECRETKIT_AGENT_TOKEN]`. Messages name where it came from, never what it is.
 */
export async function readAgentToken(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw inputFileError(`--token-file ${file}`, error);
    }
    const token = text.trim();
    if (token === '') throw usageError(`--token-file ${file} is empty`);
    return token;
  }
  const token = env[TOKEN_ENV]?.trim();
  if (token === undefined || token === '') {
    throw usageError(
      `no token: give --token-file FILE or set ${TOKEN_ENV} (clients send it in X-Secretkit-Token)`,
    );
  }
  return token;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * A check of a presented token against `token`. Both sides are hashed first, so the comparison is
 * over equal-length digests and its time says nothing about the token's length or content.
 */
export function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}
