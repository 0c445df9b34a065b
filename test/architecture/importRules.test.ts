import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREA_RULES, areaOf, type Area } from './importRules';

const ROOT = resolve(__dirname, '../..');
const SOURCE_DIRS = ['simulator', 'cloud', 'cli', 'electron', 'renderer'];
// Config files run in Node at build time, not in the area's runtime.
const EXEMPT = new Set(['renderer/vite.config.ts']);

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
export function findImports(source: string): ImportRef[] {
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

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return 'node:*';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const NODE_BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'http',
  'https',
  'crypto',
  'child_process',
  'url',
  'events',
  'stream',
  'util',
  'net',
  'zlib',
  'worker_threads',
  'readline',
  'process',
  'buffer',
  'timers',
  'assert',
]);

export function violationsOf(relativePath: string, source: string): string[] {
  const area = areaOf(relativePath);
  if (!area) return [];
  const rule = AREA_RULES[area];
  const problems: string[] = [];
  for (const ref of findImports(source)) {
    const where = `${relativePath}:${ref.line} imports "${ref.specifier}"`;
    if (ref.specifier.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(relativePath), ref.specifier)).replace(/\\/g, '/');
      const targetArea = areaOf(target + '/') ?? areaOf(target);
      if (!targetArea) {
        problems.push(`${where}: outside every area (${target})`);
        continue;
      }
      if (targetArea === area) continue;
      if (!rule.areas.includes(targetArea))
        problems.push(`${where}: ${area} may not import ${targetArea} (design.md §2)`);
      else if (rule.typeOnlyAreas?.includes(targetArea) && !ref.typeOnly) {
        problems.push(`${where}: ${area} may import only types from ${targetArea} (use "import type")`);
      }
      continue;
    }
    const name = NODE_BUILTINS.has(packageName(ref.specifier)) ? 'node:*' : packageName(ref.specifier);
    if (name === 'node:*' && NODE_BUILTINS.has(packageName(ref.specifier))) {
      problems.push(`${where}: write Node built-ins as "node:${ref.specifier}"`);
    }
    if (!rule.packages.includes(name)) {
      if (name === '@alicloud/pop-core')
        problems.push(`${where}: only cloud/client may import @alicloud/pop-core (design.md §2)`);
      else problems.push(`${where}: ${area} may not import package ${name} (design.md §2)`);
    }
  }
  return problems;
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
    const problems = files
      .filter((f) => !EXEMPT.has(f))
      .flatMap((file) => violationsOf(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ['simulator/reach/x.ts', "import { readFile } from 'node:fs';", false],
    ['simulator/reach/x.ts', "import { z } from 'zod';", true],
    ['simulator/reach/x.ts', "import { thing } from '../../cloud/apply/run';", false],
    ['cloud/apply/x.ts', "import RPCClient = require('@alicloud/pop-core');", false],
    ['cloud/client/x.ts', "import RPCClient from '@alicloud/pop-core';", true],
    ['renderer/App.tsx', "import type { HostApi } from '../electron/common/hostApi';", true],
    ['renderer/App.tsx', "import { HostApi } from '../electron/common/hostApi';", false],
    ['renderer/App.tsx', "import { ipcRenderer } from 'electron';", false],
    ['electron/preload/index.ts', "import { contextBridge } from 'electron';", true],
    ['electron/preload/index.ts', "import { run } from '../../cloud/apply/run';", false],
    ['electron/common/hostApi.ts', "export type { Topology } from '../../simulator/document';", true],
    ['cli/commands/x.ts', "const m = await import('../../renderer/App');", false],
    ['cloud/x.ts', "import { readFile } from 'fs';", false],
  ])('%s: %s → allowed=%s', (file, source, allowed) => {
    expect(violationsOf(file, source).length === 0).toBe(allowed);
  });
});
