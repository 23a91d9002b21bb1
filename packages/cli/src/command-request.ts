// What a command's arguments come to (its help, or the settings to run with), and the one place a
// command answers --help: the help on stdout, exit 0, nothing else done.
import { EXIT } from './exit-codes.js';

export type CommandRequest<Settings> = { help: true } | { help: false; settings: Settings };

/** The command that reads `argv` with `read`, then writes `help` or runs with the settings. */
export function commandWithHelp<Settings>(
  read: (argv: string[]) => Promise<CommandRequest<Settings>>,
  help: string,
  run: (settings: Settings) => Promise<number>,
): (argv: string[]) => Promise<number> {
  return async (argv) => {
    const request = await read(argv);
    if (request.help) {
      process.stdout.write(help);
      return EXIT.OK;
    }
    return run(request.settings);
  };
}
