// `secretkit render`: templates in, files out. --once (default) renders and exits; --watch keeps
// rendering as values change and runs --exec after each rewrite. A failed ref never touches any
// output: every template is rendered in memory first, and files are written only when all succeed.
import { readFile } from 'node:fs/promises';
import { parseSecretRef } from '@secretkit/core';
import type { SecretResolver } from '@secretkit/refs';
import { writeFileAtomic } from './atomic-write.js';
import { createCliResolver } from './cli-resolver.js';
import { commandWithHelp } from './command-request.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { MaskSet } from './masking.js';
import {
  createReadReporter,
  exitCodeOfFailures,
  type RefRead,
  readRefs,
  reportFailures,
} from './read-refs.js';
import { startRefPoller } from './ref-poller.js';
import { RENDER_HELP, type RenderJob, type RenderSettings, readRenderRequest } from './render-options.js';
import { inputFileError, say, sayError } from './report.js';
import { runHook } from './shell-hook.js';
import { type ParsedTemplate, parseTemplate, renderTemplate } from './template.js';

interface LoadedTemplate {
  job: RenderJob;
  template: ParsedTemplate;
}

/** Signals that end `render --watch` cleanly (exit 0: a sidecar asked to stop). */
const RENDER_STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

async function loadTemplates(jobs: readonly RenderJob[]): Promise<LoadedTemplate[]> {
  const loaded: LoadedTemplate[] = [];
  for (const job of jobs) {
    let text: string;
    try {
      text = await readFile(job.source, 'utf8');
    } catch (error) {
      throw inputFileError(`template ${job.source}`, error);
    }
    const template = parseTemplate(text);
    for (const line of template.notRefLines) {
      say(`${job.source}:${line}: {{ … }} is not a ref (unknown scheme?); left as written`);
    }
    for (const ref of template.refs) parseSecretRef(ref); // a malformed ref is CONFIG (64) now, not at every interval
    loaded.push({ job, template });
  }
  return loaded;
}

/** Renders every template, then writes those whose content changed; returns the rewritten paths. */
async function writeAll(
  templates: readonly LoadedTemplate[],
  values: ReadonlyMap<string, string>,
): Promise<string[]> {
  const contents = templates.map(({ template }) => Buffer.from(renderTemplate(template, values), 'utf8'));
  const written: string[] = [];
  for (const [index, { job }] of templates.entries()) {
    if (await writeFileAtomic(job.destination, contents[index]!, job.mode)) {
      written.push(job.destination);
      say(`wrote ${job.destination}`);
    }
  }
  return written;
}

async function exec(command: string, mask: MaskSet | undefined, signal?: AbortSignal): Promise<boolean> {
  const result = await runHook(command, { ...(mask ? { mask } : {}), ...(signal ? { signal } : {}) });
  if (result.kind === 'exited' && result.code === 0) return true;
  if (result.kind === 'timed-out') say('--exec timed out after 30s and was stopped');
  else if (result.kind === 'spawn-failed') say(`--exec could not start /bin/sh (${result.errno})`);
  else
    say(`--exec failed (${result.code === null ? `signal ${result.signal}` : `exit code ${result.code}`})`);
  return false;
}

async function renderOnce(
  settings: RenderSettings,
  templates: LoadedTemplate[],
  refs: string[],
  resolver: SecretResolver,
  mask: MaskSet | undefined,
) {
  const read = await readRefs(resolver, refs);
  if (!read.ok) {
    reportFailures(read.failures);
    return exitCodeOfFailures(read.failures);
  }
  mask?.add(read.values.values());
  let written: string[];
  try {
    written = await writeAll(templates, read.values);
  } catch (error) {
    sayError('render', error);
    return exitCodeFor(error);
  }
  if (written.length > 0 && settings.exec !== undefined && !(await exec(settings.exec, mask)))
    return EXIT.SOFTWARE;
  return EXIT.OK;
}

function renderWatch(
  settings: RenderSettings,
  templates: LoadedTemplate[],
  refs: string[],
  resolver: SecretResolver,
  mask: MaskSet | undefined,
) {
  return new Promise<number>((resolve) => {
    const stopping = new AbortController();
    const reportRead = createReadReporter();
    let first = true;
    const onRead = async (read: RefRead) => {
      const wasFirst = first;
      first = false;
      if (!read.ok) {
        // a CONFIG failure on the first read (a missing adapter, a missing BAO_ADDR) will not heal
        const code = exitCodeOfFailures(read.failures);
        if (wasFirst && code === EXIT.USAGE) {
          reportFailures(read.failures);
          return finish(code);
        }
        return reportRead(read); // the outputs keep their content; the next interval tries again
      }
      reportRead(read);
      mask?.add(read.values.values());
      try {
        const written = await writeAll(templates, read.values);
        if (written.length > 0 && settings.exec !== undefined)
          await exec(settings.exec, mask, stopping.signal);
      } catch (error) {
        sayError('render', error); // e.g. the directory went away: tried again at the next interval
      }
    };
    const poller = startRefPoller({
      resolver,
      refs,
      intervalMs: settings.intervalMs,
      immediate: true,
      onRead,
    });
    const onSignal = () => finish(EXIT.OK);
    for (const signal of RENDER_STOP_SIGNALS) process.on(signal, onSignal);
    function finish(code: number): void {
      poller.stop();
      stopping.abort();
      for (const signal of RENDER_STOP_SIGNALS) process.off(signal, onSignal);
      resolve(code);
    }
  });
}

export const renderCommand = commandWithHelp(readRenderRequest, RENDER_HELP, render);

async function render(settings: RenderSettings): Promise<number> {
  const templates = await loadTemplates(settings.jobs);
  const refs = [...new Set(templates.flatMap(({ template }) => template.refs))];
  const mask = process.stdout.isTTY ? undefined : new MaskSet(); // for --exec's output
  const resolver = await createCliResolver({ watching: settings.watch });
  try {
    return settings.watch
      ? await renderWatch(settings, templates, refs, resolver, mask)
      : await renderOnce(settings, templates, refs, resolver, mask);
  } finally {
    await resolver.close();
  }
}
