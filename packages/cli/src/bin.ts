#!/usr/bin/env node
// The `secretkit` command: runs main() and exits with its code once stdout and stderr are written.
import { exitCodeFor } from './exit-codes.js';
import { main } from './main.js';
import { describeError } from './report.js';

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}

async function exit(code: number): Promise<never> {
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

// Anything that escapes is named by its kind only: an error's message may quote what it choked on.
function crash(error: unknown): void {
  process.stderr.write(`secretkit: ${describeError(error)}\n`);
  void exit(exitCodeFor(error));
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// A reader that goes away (secretkit get REF | head -c1) is not a crash.
process.stdout.on('error', () => {});

main(process.argv.slice(2)).then(exit, crash);
