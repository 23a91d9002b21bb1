// --config FILE (YAML or JSON, DESIGN §10): the flags' options under their kebab-case names, plus
// `env: {NAME: ref}` and `templates: [{source, destination, mode}]`. Keys of every command are
// accepted (one file can serve `run` and `render`); unknown keys are CONFIG. Relative paths are
// taken from the config file's directory. Messages name keys and lines, never values.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { EnvAssignment } from './env-file.js';
import { isEnvName } from './env-file.js';
import { inputFileError, usageError } from './report.js';

export interface TemplateSpec {
  source: string;
  destination: string;
  /** Octal text such as '0640'; undefined: the command's --mode, else 0600. */
  mode?: string;
}

/** A config file's options, checked; paths absolute. */
export interface CliConfig {
  'env-file'?: string[];
  pristine?: boolean;
  watch?: boolean;
  interval?: string | number;
  'on-change'?: string;
  'restart-signal'?: string;
  'kill-timeout'?: string | number;
  mask?: boolean;
  template?: string;
  out?: string;
  mode?: string;
  once?: boolean;
  exec?: string;
  listen?: string;
  socket?: string;
  'token-file'?: string;
  'allow-remote'?: boolean;
  'log-level'?: string;
  ttl?: string | number;
  'max-connections'?: number;
  env: EnvAssignment[];
  templates: TemplateSpec[];
}

type Kind = 'string' | 'boolean' | 'duration' | 'path' | 'paths' | 'mode' | 'count';

const OPTION_KINDS: Readonly<Record<string, Kind>> = {
  'env-file': 'paths',
  pristine: 'boolean',
  watch: 'boolean',
  interval: 'duration',
  'on-change': 'string',
  'restart-signal': 'string',
  'kill-timeout': 'duration',
  mask: 'boolean',
  template: 'path',
  out: 'path',
  mode: 'mode',
  once: 'boolean',
  exec: 'string',
  listen: 'string',
  socket: 'path',
  'token-file': 'path',
  'allow-remote': 'boolean',
  'log-level': 'string',
  ttl: 'duration',
  'max-connections': 'count',
};
const KNOWN_KEYS = [...Object.keys(OPTION_KINDS), 'env', 'templates'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkMode(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw usageError(
      `${where} must be a quoted octal string such as '0640' (YAML reads 0640 unquoted as a number)`,
    );
  }
  return value;
}

function checkOption(key: string, value: unknown, where: string, dir: string): unknown {
  const kind = OPTION_KINDS[key]!;
  switch (kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw usageError(`${where} must be true or false`);
      return value;
    case 'duration':
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw usageError(`${where} must be a duration such as '30s' or a number of milliseconds`);
      }
      return value;
    case 'string':
      if (typeof value !== 'string') throw usageError(`${where} must be a string`);
      return value;
    case 'path':
      if (typeof value !== 'string' || value === '') throw usageError(`${where} must be a path`);
      return resolve(dir, value);
    case 'paths': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item !== '')) {
        throw usageError(`${where} must be a path or a list of paths`);
      }
      return list.map((item: string) => resolve(dir, item));
    }
    case 'mode':
      return checkMode(value, where);
    case 'count':
      if (!Number.isInteger(value) || (value as number) < 1)
        throw usageError(`${where} must be a whole number`);
      return value;
  }
}

function checkEnv(value: unknown, file: string): EnvAssignment[] {
  if (!isPlainObject(value)) throw usageError(`${file}: env must be a mapping of NAME: ref`);
  return Object.entries(value).map(([name, ref]) => {
    const origin = `${file}: env.${name}`;
    if (!isEnvName(name)) throw usageError(`${origin} is not a variable name`);
    if (typeof ref !== 'string' && typeof ref !== 'number' && typeof ref !== 'boolean') {
      throw usageError(`${origin} must be a ref or a plain string`);
    }
    return { name, value: String(ref), origin };
  });
}

function checkTemplates(value: unknown, file: string, dir: string): TemplateSpec[] {
  if (!Array.isArray(value))
    throw usageError(`${file}: templates must be a list of {source, destination, mode}`);
  return value.map((item: unknown, index) => {
    const where = `${file}: templates[${index}]`;
    if (!isPlainObject(item)) throw usageError(`${where} must be a mapping with source and destination`);
    for (const key of Object.keys(item)) {
      if (!['source', 'destination', 'mode'].includes(key)) {
        throw usageError(`${where}: unknown key "${key}" (expected source, destination, mode)`);
      }
    }
    for (const key of ['source', 'destination'] as const) {
      if (typeof item[key] !== 'string' || item[key] === '')
        throw usageError(`${where}.${key} must be a path`);
    }
    const spec: TemplateSpec = {
      source: resolve(dir, item.source as string),
      destination: resolve(dir, item.destination as string),
    };
    if (item.mode !== undefined) spec.mode = checkMode(item.mode, `${where}.mode`);
    return spec;
  });
}

/** Checks a parsed config document. `file` names it in messages; `dir` anchors relative paths. */
export function checkConfig(document: unknown, file: string, dir: string): CliConfig {
  if (document === null || document === undefined) return { env: [], templates: [] };
  if (!isPlainObject(document)) throw usageError(`${file}: the top level must be a mapping of options`);
  const config: Record<string, unknown> = { env: [], templates: [] };
  for (const [key, value] of Object.entries(document)) {
    if (key === 'env') config.env = checkEnv(value, file);
    else if (key === 'templates') config.templates = checkTemplates(value, file, dir);
    else if (Object.hasOwn(OPTION_KINDS, key)) config[key] = checkOption(key, value, `${file}: ${key}`, dir);
    else throw usageError(`${file}: unknown key "${key}" (expected one of ${KNOWN_KEYS.join(', ')})`);
  }
  return config as unknown as CliConfig;
}

/** Reads and checks --config FILE; an empty result when `path` is undefined. */
export async function loadConfig(path: string | undefined): Promise<CliConfig> {
  if (path === undefined) return { env: [], templates: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw inputFileError(`--config ${path}`, error);
  }
  const { parseDocument } = await import('yaml'); // only when a config is given: it costs startup time
  // YAML 1.2 reads JSON too. Errors give only where: a line may hold a value.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [problem] = document.errors;
  if (problem !== undefined) {
    const position = problem.linePos?.[0];
    const where = position === undefined ? '' : ` at line ${position.line}, column ${position.col}`;
    throw usageError(`--config ${path}: not valid YAML or JSON${where} (${problem.code})`);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    throw usageError(`--config ${path}: cannot be read as data (${kind})`); // e.g. an alias bomb
  }
  return checkConfig(data, `--config ${path}`, dirname(resolve(path)));
}
