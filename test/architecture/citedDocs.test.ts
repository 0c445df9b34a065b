/**
 * Messages, `--help` and the README cite reference documents (`docs/aliyun-api.md §3.3`): every
 * cited file must be in the repository (issue 14: messages cited files a user could not find), and
 * user-visible text (string literals, the README) cites them by their path under docs/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const DOCS = ['aliyun-api', 'aliyun-dataplane', 'aliyun-links', 'topology-format', 'design'];
const CITATION = new RegExp(`(?<![\\w.\\[-])((?:docs/)?)(${DOCS.join('|')})\\.md`, 'g');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', 'cli', 'cloud', 'simulator', 'electron', 'renderer', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f));
}

/** Citations outside comments: `file:line text` of each one not under docs/. */
function bareCitations(path: string, text: string, skipComments: boolean): string[] {
  const bare: string[] = [];
  text.split('\n').forEach((line, n) => {
    const trimmed = line.trimStart();
    if (skipComments && (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*'))) return;
    for (const match of line.matchAll(CITATION)) if (match[1] === '') bare.push(`${path}:${n + 1} ${match[0]}`);
  });
  return bare;
}

describe('cited reference documents', () => {
  it('every document a message or the README cites is in docs/', () => {
    for (const name of DOCS) expect(existsSync(join(ROOT, 'docs', `${name}.md`)), `docs/${name}.md`).toBe(true);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const match of readme.matchAll(/docs\/([\w-]+\.md)/g))
      expect(existsSync(join(ROOT, 'docs', match[1]!)), match[0]).toBe(true);
  });

  it('user-visible text cites them by their path under docs/', () => {
    const bare = trackedFiles().flatMap((f) => bareCitations(f, readFileSync(join(ROOT, f), 'utf8'), true));
    bare.push(...bareCitations('README.md', readFileSync(join(ROOT, 'README.md'), 'utf8'), false));
    expect(bare).toEqual([]);
  });
});
