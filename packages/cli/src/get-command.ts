// `secretkit get REF`: the value's exact bytes on stdout, pointer applied (DESIGN §10). Binary
// values pass unchanged; a newline is added only for a terminal.
import { parseSecretRef } from '@secretkit/core';
import { createCliResolver } from './cli-resolver.js';
import { loadConfig } from './config-file.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { COMMON_FLAGS, parseFlags } from './flags.js';
import { sayError, usageError } from './report.js';

export const GET_HELP = `Usage: secretkit get [options] REF

Writes the value REF names to stdout: its exact bytes (binary values too), the #pointer applied.
No newline is added unless stdout is a terminal.

Options:
  --config FILE   options from a YAML or JSON file
  -h, --help      this help

Example:
  secretkit get 'vault://secret/app/db#/password'
  secretkit get file:///run/secrets/tls.key > tls.key
`;

function writeOut(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

export async function getCommand(argv: string[]): Promise<number> {
  const { values, positionals, afterDashes } = parseFlags<{ help?: boolean; config?: string }>(
    argv,
    COMMON_FLAGS,
    'get',
  );
  if (values.help) {
    process.stdout.write(GET_HELP);
    return EXIT.OK;
  }
  const refs = [...positionals, ...(afterDashes ?? [])];
  if (refs.length !== 1) throw usageError('get: give exactly one REF (secretkit get REF)');
  const text = refs[0]!;
  await loadConfig(values.config); // checked like every command's, though get takes no option from it
  let bytes: Uint8Array;
  try {
    const ref = parseSecretRef(text); // CONFIG (64) before any provider is built
    const resolver = await createCliResolver({ watching: false });
    try {
      // Without a pointer the whole value, as bytes (binary works); with one, the text it points at.
      bytes =
        ref.pointer === undefined
          ? (await resolver.getSecret(text)).bytes()
          : Buffer.from(await resolver.get(text));
    } finally {
      await resolver.close();
    }
  } catch (error) {
    sayError(`cannot read ${text}`, error);
    return exitCodeFor(error);
  }
  await writeOut(bytes);
  if (process.stdout.isTTY && bytes.at(-1) !== 0x0a) await writeOut(Buffer.from('\n'));
  return EXIT.OK;
}
