/**
 * design.md §2 as data: which area may import what. Used by the architecture test; kept apart so
 * the rule table reads on its own.
 */
export type Area =
  | 'simulator'
  | 'cloud'
  | 'cloud/client'
  | 'cli'
  | 'electron/common'
  | 'electron/main'
  | 'electron/web'
  | 'electron/preload'
  | 'renderer';

export interface AreaRule {
  /** Project areas this area may import from (its own area is always allowed). */
  readonly areas: readonly Area[];
  /** Bare package names allowed (exact name or scope/name); `node:*` for Node built-ins. */
  readonly packages: readonly string[];
  /** Imports from these areas must be type-only (`import type`). */
  readonly typeOnlyAreas?: readonly Area[];
}

const NODE = 'node:*';

export const AREA_RULES: Readonly<Record<Area, AreaRule>> = {
  simulator: { areas: [], packages: ['netmask', 'zod'] },
  cloud: { areas: ['simulator', 'cloud/client'], packages: [NODE] },
  // openapi-core: the V3 signature path (issue 13, aliyun-links.md §3.4); pop-core stays as V2.
  'cloud/client': { areas: ['simulator', 'cloud'], packages: [NODE, '@alicloud/pop-core', '@alicloud/openapi-core'] },
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
  },
};

/** The area a project-relative path belongs to, or undefined for tests, bench and build files. */
export function areaOf(relativePath: string): Area | undefined {
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
