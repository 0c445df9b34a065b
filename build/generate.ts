/**
 * `npm run generate`: regenerates the files derived from code, so they cannot drift from it.
 *
 * - simulator/document/topology.schema.json — the published JSON Schema (topologyJsonSchema()).
 * - README.md, ONLY between `<!-- codes:start … -->` and `<!-- codes:end -->` — the catalogue of
 *   every code a user can meet, from the one catalogue of each area (design.md §4.6).
 *
 * test/simulator/document/generated.test.ts regenerates both in memory and fails with
 * "run npm run generate" when a committed file is stale. To publish another catalogue (cloud
 * error codes …), add one entry to CATALOGUES below.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_FATAL_CODES, type DocumentFatalCode, SCHEMA_CODES, type SchemaCode } from '../simulator/document/codes';
import { topologyJsonSchema } from '../simulator/document/schema';
import { REACH_BLOCKER_CODES } from '../simulator/reach/codes';
import { VALIDATION_CODES } from '../simulator/validate/codes';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = join(ROOT, 'simulator/document/topology.schema.json');
export const README_FILE = join(ROOT, 'README.md');

export interface CatalogueEntry {
  readonly code: string;
  /** Only codes that carry a severity (validation findings) have one. */
  readonly severity?: string;
  readonly summary: string;
  readonly fix: string;
}

export interface Catalogue {
  readonly title: string;
  /** One or two sentences: where these codes appear. */
  readonly intro: string;
  readonly entries: readonly CatalogueEntry[];
}

/** How to fix each document-load code (codes.ts holds only their meaning). */
const DOCUMENT_FIXES: Readonly<Record<DocumentFatalCode | SchemaCode | 'FILE_UNREADABLE', string>> = {
  FILE_UNREADABLE: 'Check the path and the file permissions.',
  DOCUMENT_NOT_JSON: 'Fix the JSON syntax at the position the message gives (a trailing comma, a missing quote …).',
  DOCUMENT_NOT_TOPOLOGY: 'Make the top level an object with "format": "vpclink/topology" and "version": 1.',
  DOCUMENT_VERSION_UNSUPPORTED: 'Set "version" to a supported integer (1), or upgrade vpclink to open a newer document.',
  REQUIRED_FIELD_MISSING: 'Add the field named in the path (topology-format.md §2 lists the required fields of each resource).',
  INVALID_TYPE: 'Give the field a value of the type the message names (text in quotes, a number, a list …).',
  INVALID_ENUM_VALUE: 'Use one of the values the message lists, spelled as the Alibaba Cloud API spells it.',
  INVALID_VALUE: 'Correct the value as the message says (e.g. a non-empty ID, at least one security group).',
};

function fromPlain(codes: Readonly<Record<string, string>>, fixes: Readonly<Record<string, string>>): CatalogueEntry[] {
  return Object.entries(codes).map(([code, summary]) => ({ code, summary, fix: fixes[code] ?? '' }));
}

function fromRecords(codes: Readonly<Record<string, { readonly summary: string; readonly fix: string; readonly severity?: string }>>): CatalogueEntry[] {
  return Object.entries(codes).map(([code, info]) => ({ code, summary: info.summary, fix: info.fix, ...(info.severity ? { severity: info.severity } : {}) }));
}

/** Every published catalogue, in README order. Add new ones here. */
export const CATALOGUES: readonly Catalogue[] = [
  {
    title: 'Document load codes',
    intro: 'Reported when a file is read. `FILE_UNREADABLE`, `DOCUMENT_NOT_JSON`, `DOCUMENT_NOT_TOPOLOGY` and `DOCUMENT_VERSION_UNSUPPORTED` mean "not a topology document" (`vpclink validate` exits 2, message on stderr); the others are schema problems, reported by `vpclink validate` as error findings (exit 1).',
    entries: [
      { code: 'FILE_UNREADABLE', summary: 'The file cannot be read (no such file, a directory, no permission).', fix: DOCUMENT_FIXES.FILE_UNREADABLE },
      ...fromPlain(DOCUMENT_FATAL_CODES, DOCUMENT_FIXES),
      ...fromPlain(SCHEMA_CODES, DOCUMENT_FIXES),
    ],
  },
  {
    title: 'Validation findings',
    intro: '`vpclink validate` (and the app\'s problems panel). `error` = the Alibaba Cloud API would refuse it or the document is meaningless (exit 1); `warning` = legal but risky, or it silently stops traffic; `info` = worth knowing. Each finding has a JSON Pointer `path`, the `resourceId` and a concrete `suggestion`.',
    entries: fromRecords(VALIDATION_CODES),
  },
  {
    title: 'Reachability blockers',
    intro: '`vpclink check` and the app\'s path view: every independent reason a flow fails, in `blockers[]` with the resource to change.',
    entries: fromRecords(REACH_BLOCKER_CODES),
  },
];

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCatalogues(catalogues: readonly Catalogue[] = CATALOGUES): string {
  const parts: string[] = [];
  for (const catalogue of catalogues) {
    const withSeverity = catalogue.entries.some((e) => e.severity !== undefined);
    parts.push(`### ${catalogue.title}`, '', catalogue.intro, '');
    parts.push(withSeverity ? '| code | severity | meaning | fix |' : '| code | meaning | fix |');
    parts.push(withSeverity ? '|---|---|---|---|' : '|---|---|---|');
    for (const e of catalogue.entries) {
      const cells = [`\`${e.code}\``, ...(withSeverity ? [e.severity ?? ''] : []), escapeCell(e.summary), escapeCell(e.fix)];
      parts.push(`| ${cells.join(' | ')} |`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

export function renderSchema(): string {
  return JSON.stringify(topologyJsonSchema(), null, 2) + '\n';
}

const START = /<!-- codes:start[^>]*-->/;
const END = '<!-- codes:end -->';

/** README text with the catalogue block replaced; everything outside the markers is kept. */
export function replaceCatalogue(readme: string, block: string = renderCatalogues()): string {
  const start = START.exec(readme);
  const end = readme.indexOf(END);
  if (!start || end < 0 || end < start.index) {
    throw new Error('README.md has no <!-- codes:start … --> … <!-- codes:end --> markers; add them where the catalogue belongs');
  }
  const head = readme.slice(0, start.index + start[0].length);
  return `${head}\n${block}${readme.slice(end)}`;
}

/** Writes a file atomically (temp file in the same folder + rename), only if it changed. */
function writeIfChanged(path: string, text: string): boolean {
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
  return true;
}

export function generate(): string[] {
  const changed: string[] = [];
  if (writeIfChanged(SCHEMA_FILE, renderSchema())) changed.push(SCHEMA_FILE);
  if (writeIfChanged(README_FILE, replaceCatalogue(readFileSync(README_FILE, 'utf8')))) changed.push(README_FILE);
  return changed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const changed = generate();
  console.log(changed.length ? `generated: ${changed.map((p) => p.slice(ROOT.length + 1)).join(', ')}` : 'generated files are up to date');
}
