// design.md §2 as data, and the one function that judges an import against it. Read by the lint
// rule in eslint.config.js (a breach is a red squiggle in the editor) and by
// test/architecture/importRules.test.ts (the same check over every file, as CI's backstop).
import { builtinModules } from 'node:module';
import { posix } from 'node:path';

/**
 * @typedef {'simulator' | 'cloud' | 'cloud/client' | 'cli' | 'electron/common' | 'electron/main'
 *   | 'electron/web' | 'electron/preload' | 'renderer'} Area
 * @typedef {object} AreaRule
 * @property {readonly Area[]} areas Project areas this area may import from (its own area is always allowed).
 * @property {readonly string[]} packages Bare package names allowed (exact name or scope/name); `node:*` for Node built-ins.
 * @property {readonly Area[]} [typeOnlyAreas] Imports from these areas must be type-only (`import type`).
 * @property {readonly string[]} [valueModules] Modules of a type-only area that hold plain data and
 *   may be imported as values (repository paths without the extension).
 */

const NODE = 'node:*';
/** The Alibaba Cloud client libraries: only the adapter in cloud/client talks to them. */
const CLIENT_LIBRARIES = ['@alicloud/pop-core', '@alicloud/openapi-core'];

/** @type {Readonly<Record<Area, AreaRule>>} */
export const AREA_RULES = {
  simulator: { areas: [], packages: ['zod'] },
  // zod: files the cloud side reads (the sandbox's --state) are parsed at the boundary with the
  // same library as the document (design.md §4 rule 4).
  cloud: { areas: ['simulator', 'cloud/client'], packages: [NODE, 'zod'] },
  // openapi-core: the V3 signature path (issue 13, aliyun-links.md §3.4); pop-core stays as V2.
  'cloud/client': { areas: ['simulator', 'cloud'], packages: [NODE, ...CLIENT_LIBRARIES] },
  cli: { areas: ['simulator', 'cloud', 'cloud/client', 'electron/web', 'electron/common'], packages: [NODE, 'tsx'] },
  'electron/common': { areas: ['simulator'], packages: [], typeOnlyAreas: ['simulator'] },
  'electron/main': {
    areas: ['electron/common', 'cloud', 'cloud/client', 'simulator', 'electron/web'],
    packages: [NODE, 'electron'],
  },
  // zod validates IPC/HTTP payloads at the trust boundary (design.md §4 rule 4); the table in
  // design.md §2 did not list it for the host side.
  'electron/web': { areas: ['electron/common', 'cloud', 'cloud/client', 'simulator'], packages: [NODE, 'zod'] },
  'electron/preload': { areas: ['electron/common'], packages: ['electron'] },
  renderer: {
    areas: ['simulator', 'electron/common'],
    packages: ['react', 'react-dom', 'zustand', '@xyflow/react', 'elkjs'],
    typeOnlyAreas: ['electron/common'],
    // The menu's command table (labels, shortcuts) is plain data shared with the Electron menu.
    valueModules: ['electron/common/commands'],
  },
};

/** Config files run in Node at build time, not in the area's runtime. */
export const EXEMPT_FILES = ['renderer/vite.config.ts'];

/**
 * The area a project-relative path belongs to, or undefined for tests, bench and build files.
 * @param {string} relativePath
 * @returns {Area | undefined}
 */
export function areaOf(relativePath) {
  const p = relativePath.replace(/\\/g, '/');
  if (p.startsWith('simulator/')) return 'simulator';
  if (p.startsWith('cloud/client/')) return 'cloud/client';
  if (p.startsWith('cloud/')) return 'cloud';
  if (p.startsWith('cli/')) return 'cli';
  if (p.startsWith('electron/common/')) return 'electron/common';
  if (p.startsWith('electron/main/')) return 'electron/main';
  if (p.startsWith('electron/web/')) return 'electron/web';
  if (p.startsWith('electron/preload/')) return 'electron/preload';
  if (p.startsWith('renderer/')) return 'renderer';
  return undefined;
}

const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * What is wrong with one import of a project file, or undefined when design.md §2 allows it.
 * @param {string} relativePath the importing file, relative to the repository root
 * @param {string} specifier what it imports, as written
 * @param {boolean} typeOnly whether the import is erased at compile time (`import type`)
 * @returns {string | undefined}
 */
export function importProblem(relativePath, specifier, typeOnly) {
  const file = relativePath.replace(/\\/g, '/');
  const area = areaOf(file);
  if (!area || EXEMPT_FILES.includes(file)) return undefined;
  const rule = AREA_RULES[area];
  if (specifier.startsWith('.')) {
    const target = posix.normalize(posix.join(posix.dirname(file), specifier));
    const targetArea = areaOf(target + '/') ?? areaOf(target);
    if (!targetArea) return `outside every area (${target})`;
    if (targetArea === area) return undefined;
    if (!rule.areas.includes(targetArea)) return `${area} may not import ${targetArea} (docs/design.md §2)`;
    if (rule.typeOnlyAreas?.includes(targetArea) && !typeOnly && !rule.valueModules?.includes(target))
      return `${area} may import only types from ${targetArea} (use "import type")`;
    return undefined;
  }
  const bare = specifier.startsWith('node:') ? NODE : packageName(specifier);
  if (bare !== NODE && NODE_BUILTINS.has(bare)) return `write Node built-ins as "node:${specifier}"`;
  if (rule.packages.includes(bare)) return undefined;
  if (CLIENT_LIBRARIES.includes(bare)) return `only cloud/client may import ${bare} (docs/design.md §2)`;
  return `${area} may not import ${bare === NODE ? 'Node built-ins' : `package ${bare}`} (docs/design.md §2)`;
}
