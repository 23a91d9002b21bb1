// The commands of `secretkit`, by name. A command parses its own arguments, prints its own help,
// and resolves to the exit code.

export interface Command {
  /** One line for the overview. */
  summary: string;
  run(argv: string[]): Promise<number>;
}

// Each command's code is loaded only when it runs: startup is most of a short `secretkit run`.
export const COMMANDS: Readonly<Record<string, Command>> = {
  get: {
    summary: 'write the value a ref names to stdout',
    run: async (argv) => (await import('./get-command.js')).getCommand(argv),
  },
  run: {
    summary: 'run a command with secrets in its environment',
    run: async (argv) => (await import('./run-command.js')).runCommand(argv),
  },
  render: {
    summary: 'write files from {{ REF }} templates',
    run: async (argv) => (await import('./render-command.js')).renderCommand(argv),
  },
  agent: {
    summary: 'a local HTTP cache of secrets for programs in any language',
    run: async (argv) => (await import('./agent/agent-command.js')).agentCommand(argv),
  },
};
