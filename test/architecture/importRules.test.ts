import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importProblem } from '../../build/importRules.mjs';

// The lint rule `vpclink/import-rules` (eslint.config.js) reports the same breaches in the editor;
// this test is CI's backstop and reads the same table through the same function.
const ROOT = resolve(__dirname, '../..');
const SOURCE_DIRS = ['simulator', 'cloud', 'cli', 'electron', 'renderer'];

interface ImportRef {
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly line: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Finds static imports, re-exports, dynamic imports and requires. */
function findImports(source: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const patterns: Array<[RegExp, (m: RegExpExecArray) => boolean]> = [
    [/^\s*import\s+(type\s+)?[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm, (m) => Boolean(m[1])],
    [/^\s*import\s+['"]([^'"]+)['"]/gm, () => false],
    [/^\s*export\s+(type\s+)?[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm, (m) => Boolean(m[1])],
    [/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, () => false],
    [/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, () => false],
    [/^\s*import\s+\w+\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)/gm, () => false],
  ];
  for (const [pattern, isType] of patterns) {
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(source))) {
      const specifier = m[m.length - 1]!;
      refs.push({ specifier, typeOnly: isType(m), line: source.slice(0, m.index).split('\n').length });
    }
  }
  return refs;
}

function violationsOf(relativePath: string, source: string): string[] {
  return findImports(source).flatMap((ref) => {
    const problem = importProblem(relativePath, ref.specifier, ref.typeOnly);
    return problem ? [`${relativePath}:${ref.line} imports "${ref.specifier}": ${problem}`] : [];
  });
}

describe('import rules of design.md §2', () => {
  const files = SOURCE_DIRS.flatMap((dir) => {
    try {
      return sourceFiles(join(ROOT, dir));
    } catch {
      return [];
    }
  }).map((file) => relative(ROOT, file).replace(/\\/g, '/'));

  it('finds the project sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('every source file imports only what its area may import', () => {
    const problems = files.flatMap((file) => violationsOf(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ['simulator/reach/x.ts', "import { readFile } from 'node:fs';", false],
    ['simulator/reach/x.ts', "import { z } from 'zod';", true],
    ['simulator/reach/x.ts', "import { thing } from '../../cloud/apply/run';", false],
    ['cloud/apply/x.ts', "import RPCClient = require('@alicloud/pop-core');", false],
    ['cloud/client/x.ts', "import RPCClient from '@alicloud/pop-core';", true],
    ['cloud/client/x.ts', "import OpenApi from '@alicloud/openapi-core';", true],
    ['cloud/apply/x.ts', "import OpenApi from '@alicloud/openapi-core';", false],
    ['renderer/App.tsx', "import type { HostApi } from '../electron/common/hostApi';", true],
    ['renderer/App.tsx', "import { HostApi } from '../electron/common/hostApi';", false],
    ['renderer/store/commands.ts', "import { MENU_COMMANDS } from '../../electron/common/commands';", true],
    ['renderer/App.tsx', "import { ipcRenderer } from 'electron';", false],
    ['electron/preload/index.ts', "import { contextBridge } from 'electron';", true],
    ['electron/preload/index.ts', "import { run } from '../../cloud/apply/run';", false],
    ['electron/common/hostApi.ts', "export type { Topology } from '../../simulator/document';", true],
    ['cli/commands/x.ts', "const m = await import('../../renderer/App');", false],
    ['cloud/x.ts', "import { readFile } from 'fs';", false],
    ['cloud/x.ts', "import { readFile } from 'fs/promises';", false],
    ['simulator/net/x.ts', "import { Netmask } from 'netmask';", false],
    ['renderer/vite.config.ts', "import { defineConfig } from 'vite';", true],
    ['renderer/x.ts', "import { defineConfig } from 'vite';", false],
    ['cli/x.ts', "import { thing } from '../bench/lib/measure';", false],
  ])('%s: %s → allowed=%s', (file, source, allowed) => {
    expect(violationsOf(file, source).length === 0).toBe(allowed);
  });
});
