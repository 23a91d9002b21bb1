// Fenced code blocks of a Markdown file, and the packages its install commands name.

/**
 * @returns {{ lang: string, words: string[], code: string, line: number }[]} each fenced block:
 *   `lang` the info string's first word, `words` the rest, `line` the 1-based line of the fence
 */
export function fencedBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const [lang = '', ...words] = info.trim().split(/\s+/).filter(Boolean);
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (
        lines[j].trim().startsWith(fence[0].repeat(fence.length)) &&
        lines[j].trim().replace(/[`~]/g, '') === ''
      )
        break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    blocks.push({ lang: lang.toLowerCase(), words, code: `${body.join('\n')}\n`, line: i + 1 });
    i = j;
  }
  return blocks;
}

/**
 * Package names in `npm i|install|add`, `pnpm add`, `yarn add` commands: in shell blocks, and in
 * inline code spans of the prose (`npm install -D msw`).
 */
export function installedPackages(markdown) {
  const names = new Set();
  const shellLines = fencedBlocks(markdown)
    .filter((block) => ['sh', 'bash', 'shell', 'console'].includes(block.lang))
    .flatMap((block) => block.code.split('\n'));
  const inlineSpans = [...markdown.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)].map((m) => m[1]);
  for (const line of [...shellLines, ...inlineSpans]) {
    const command = line.replace(/#.*$/, '').replace(/^\s*\$\s*/, '');
    const match = /^\s*(?:npm\s+(?:i|install|add)|pnpm\s+(?:add|i|install)|yarn\s+add)\s+(.*)$/.exec(command);
    if (!match) continue;
    for (const word of match[1].split(/\s+/)) {
      if (!word || word.startsWith('-')) continue;
      names.add(word.replace(/(?<=.)@[^/]*$/, '')); // drop a version: msw@3, @secretkit/core@1
    }
  }
  return names;
}
