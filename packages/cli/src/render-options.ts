// `secretkit render`: its flags, its help, and the templates they and --config come to (flags win).
import { resolve } from 'node:path';
import { DEFAULT_MODE, parseMode } from './atomic-write.js';
import type { CommandRequest } from './command-request.js';
import { loadConfig } from './config-file.js';
import { COMMON_FLAGS, parseFlags } from './flags.js';
import { usageError } from './report.js';
import { parseInterval } from './run-options.js';

export const RENDER_HELP = `Usage: secretkit render --template FILE --out FILE [options]

Writes FILE from a template whose {{ REF }} placeholders become the values they name (spaces inside
the braces optional; nothing else is special). The output is replaced atomically, mode 0600 unless
--mode says otherwise, and only when its content changes. If a ref fails, the output is left as it
was: --once exits with the ref's code, --watch reports it and tries again at the next interval.

Options:
  --template FILE    the template
  --out FILE         the output file (its directory must exist)
  --mode MODE        octal mode of the output (default 0600, whatever the umask)
  --once             render once and exit 0 (the default; an init container)
  --watch            keep rendering when values change (a sidecar)
  --interval DUR     how often --watch reads (default 1m, at least 1s)
  --exec COMMAND     run through /bin/sh -c after each rewrite (30 s timeout)
  --config FILE      options from a YAML or JSON file, and several templates:
                     templates: [{source, destination, mode}] (flags win)
  -h, --help         this help

Example:
  secretkit render --template app.conf.tpl --out /run/secrets/app.conf --once
  secretkit render --config render.yaml --watch --exec 'kill -HUP "$(cat /run/app/pid)"'
`;

const RENDER_FLAGS = {
  ...COMMON_FLAGS,
  template: { type: 'string' },
  out: { type: 'string' },
  mode: { type: 'string' },
  once: { type: 'boolean' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  exec: { type: 'string' },
} as const;

interface RenderFlagValues {
  config?: string;
  help?: boolean;
  template?: string;
  out?: string;
  mode?: string;
  once?: boolean;
  watch?: boolean;
  interval?: string;
  exec?: string;
}

export interface RenderJob {
  source: string;
  destination: string;
  mode: number;
}

export interface RenderSettings {
  jobs: RenderJob[];
  watch: boolean;
  intervalMs: number;
  exec: string | undefined;
}

export type RenderRequest = CommandRequest<RenderSettings>;

function pickMode(flags: RenderFlagValues, once: boolean | undefined, watch: boolean | undefined): boolean {
  if (flags.once && flags.watch) throw usageError('render: --once and --watch exclude each other');
  if (flags.once) return false;
  if (flags.watch) return true;
  if (once && watch) throw usageError('render: once and watch exclude each other (in --config)');
  return watch ?? false;
}

export async function readRenderRequest(argv: string[]): Promise<RenderRequest> {
  const {
    values: flags,
    positionals,
    afterDashes,
  } = parseFlags<RenderFlagValues>(argv, RENDER_FLAGS, 'render');
  if (flags.help) return { help: true };
  if (positionals.length > 0 || afterDashes !== undefined) {
    throw usageError('render takes no arguments but its flags (see secretkit render --help)');
  }
  const config = await loadConfig(flags.config);
  const watch = pickMode(flags, config.once, config.watch);
  if (!watch && flags.interval !== undefined) throw usageError('render: --interval needs --watch');
  const defaultModeText = flags.mode ?? config.mode;
  const defaultMode = defaultModeText === undefined ? DEFAULT_MODE : parseMode(defaultModeText, '--mode');
  const jobs: RenderJob[] = config.templates.map((spec, index) => ({
    source: spec.source,
    destination: spec.destination,
    mode: spec.mode === undefined ? defaultMode : parseMode(spec.mode, `templates[${index}].mode`),
  }));
  const template = flags.template === undefined ? config.template : resolve(flags.template);
  const out = flags.out === undefined ? config.out : resolve(flags.out);
  if ((template === undefined) !== (out === undefined))
    throw usageError('render: --template and --out go together');
  if (template !== undefined && out !== undefined)
    jobs.push({ source: template, destination: out, mode: defaultMode });
  if (jobs.length === 0)
    throw usageError('render: nothing to render (give --template and --out, or templates in --config)');
  const destinations = new Set<string>();
  for (const job of jobs) {
    if (destinations.has(job.destination))
      throw usageError(`render: ${job.destination} is the output of two templates`);
    destinations.add(job.destination);
  }
  const interval = flags.interval ?? config.interval ?? '1m';
  return {
    help: false,
    settings: {
      jobs,
      watch,
      intervalMs: parseInterval(interval, flags.interval !== undefined ? '--interval' : 'interval'),
      exec: flags.exec ?? config.exec,
    },
  };
}
