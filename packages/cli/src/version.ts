// The version `secretkit --version` prints: the package's, put in at build time (tsup `define`).
declare const __SECRETKIT_CLI_VERSION__: string | undefined;

export const CLI_VERSION: string =
  typeof __SECRETKIT_CLI_VERSION__ === 'string' ? __SECRETKIT_CLI_VERSION__ : '0.0.0-source';
