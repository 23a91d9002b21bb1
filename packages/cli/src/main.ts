// `secretkit [COMMAND] [ARGS]`: dispatch, --help and --version, and the last line of defence that
// turns any failure into a value-free message and its exit code (DESIGN §10).
import { COMMANDS } from './commands.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { describeError, say } from './report.js';
import { CLI_VERSION } from './version.js';

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}   ${summary}`);
  return `Usage: secretkit COMMAND [options]

Secrets from any provider for programs that never import an SDK.

Commands:
${lines.join('\n')}

Options:
  -h, --help      help (secretkit COMMAND --help for a command's)
  --version       the version

Exit codes: 64 usage or CONFIG, 66 NOT_FOUND, 77 ACCESS_DENIED or UNAUTHENTICATED,
69 UNAVAILABLE/THROTTLED/TIMEOUT, 65 PARSE/WRONG_TYPE/INTEGRITY, 70 anything else;
run exits with its command's code (128+n for signal n).

Example:
  secretkit run --env DB_PASSWORD='vault://secret/app/db#/password' -- ./server
`;
}

/** Runs the command line `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(overview());
    return EXIT.USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const command = first === 'help' && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    if (command) return command.run(['--help']);
    process.stdout.write(overview());
    return EXIT.OK;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${CLI_VERSION}\n`);
    return EXIT.OK;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command === undefined) {
    say(`unknown command "${first}" (expected ${Object.keys(COMMANDS).join(', ')}; see secretkit --help)`);
    return EXIT.USAGE;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    say(`${first}: ${describeError(error)}`);
    return exitCodeFor(error);
  }
}
