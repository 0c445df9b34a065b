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
import {
  DOCUMENT_FATAL_CODES,
  type DocumentFatalCode,
  SCHEMA_CODES,
  type SchemaCode,
} from '../simulator/document/codes';
import { topologyJsonSchema } from '../simulator/document/schema';
import { REACH_BLOCKER_CODES } from '../simulator/reach/codes';
import { VALIDATION_CODES } from '../simulator/validate/codes';
import { MIGRATION_CODES, PLAN_PROBLEM_CODES, type PlanProblemCode } from '../simulator/plan';
import { APPLY_ERROR_CODES, type ApplyErrorCode } from '../cloud/apply';
import { CLOUD_ERROR_CODES } from '../cloud/credentials';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = join(ROOT, 'simulator/document/topology.schema.json');
export const README_FILE = join(ROOT, 'README.md');

export interface CatalogueEntry {
  readonly code: string;
  /** Only codes that carry a severity (validation findings) have one. */
  readonly severity?: string;
  readonly summary: string;
  readonly fix: string;
  /** Drop causes only: what the blocker's resourceId names, the verdict, peers' nearest causes. */
  readonly resource?: string;
  readonly outcome?: string;
  readonly analogues?: string;
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
  DOCUMENT_VERSION_UNSUPPORTED:
    'Set "version" to a supported integer (1), or upgrade vpclink to open a newer document.',
  REQUIRED_FIELD_MISSING:
    'Add the field named in the path (docs/topology-format.md §2 lists the required fields of each resource).',
  INVALID_TYPE: 'Give the field a value of the type the message names (text in quotes, a number, a list …).',
  INVALID_ENUM_VALUE: 'Use one of the values the message lists, spelled as the Alibaba Cloud API spells it.',
  INVALID_VALUE: 'Correct the value as the message says (e.g. a non-empty ID, at least one security group).',
};

/** How to resolve each planner problem (simulator/plan holds only their meaning). */
const PLAN_FIXES: Readonly<Record<PlanProblemCode, string>> = {
  RI_PAIR_INCOMPLETE: 'Add the opposite interface to the document, or remove the lone one.',
  RI_PAIR_INCONSISTENT: 'Make both ends point at each other (run `vpclink validate` for the fields to change).',
  RI_LIVE_CONNECTED_ELSEWHERE:
    'Deactivate and delete the live interface first (`vpclink destroy` of the document that made it), or point the document at it.',
  VPC_NOT_LIVE: 'Create the VPC in the console first, or correct the vpcId (import the account to see what exists).',
  ROUTE_TABLE_NOT_LIVE: 'Correct the routeTableId, or create the custom route table first.',
  SECURITY_GROUP_NOT_LIVE: 'Correct the securityGroupId, or create the security group first.',
  ROUTE_NEXT_HOP_UNKNOWN: 'Point the route at a router interface of the document, or add that interface.',
  ROUTE_REPLACED: "Nothing to do if intended; otherwise change the document's route to the live next hop.",
  PEERING_LIVE_REJECTED:
    'Delete the refused connection (`vpclink destroy`, or the console) and agree with the accepting account before applying again.',
  PEERING_NEXT_HOP_UNKNOWN: 'Point the route at a peering connection of the document, or add that connection.',
  NETWORK_ACL_VSWITCH_NOT_LIVE: 'Correct the resourceId of the binding, or create the vSwitch first.',
  NETWORK_ACL_REBOUND:
    'Nothing to do if intended; otherwise bind the vSwitch to the live ACL in the document (import shows it).',
  PREFIX_LIST_NOT_LIVE: 'Create the prefix list first (console or API), or correct the `pl-` ID.',
  NETWORK_INTERFACE_NOT_MANAGED:
    'Create or attach the ENI (or assign the secondary IP) in the console first, or remove it from the document.',
  INTENT_VIOLATED:
    'Fix the document so the intent holds (the ping check shows its blockers), change the intent, or apply anyway with `--allow-intent-violations` (the app asks a second time).',
  CEN_NOT_APPLIED:
    'Create the CEN resource yourself (CEN console, Terraform), re-import, and plan again; the VPC routes toward its attachments are planned once the attachment is live.',
};

/** How to resolve each apply-engine error. */
const APPLY_FIXES: Readonly<Record<ApplyErrorCode, string>> = {
  JOURNAL_INVALID: 'Move the journal file aside (it is not a vpclink journal) or pass another `--journal FILE`.',
  JOURNAL_OTHER_DOCUMENT: 'Finish or roll back that run with its own document, or pass another `--journal FILE`.',
  JOURNAL_OTHER_OPERATION:
    'Resume the recorded operation first (run the same command again), or roll it back with `--rollback`.',
  NO_JOURNAL: 'Pass the `--journal FILE` the run used (default `<FILE>.journal.json` beside the document).',
  NOTHING_TO_ROLL_BACK: 'Nothing to do: that run created nothing that still exists.',
  JOURNAL_LOCKED:
    'Wait for the named run to finish; if that process is gone for good, delete the `.lock` file beside the journal.',
  JOURNAL_FOLDER_MISSING: 'Create the folder first, or pass a `--journal FILE` in an existing folder.',
};

function fromPlain(codes: Readonly<Record<string, string>>, fixes: Readonly<Record<string, string>>): CatalogueEntry[] {
  return Object.entries(codes).map(([code, summary]) => ({ code, summary, fix: fixes[code] ?? '' }));
}

function fromRecords(
  codes: Readonly<Record<string, { readonly summary: string; readonly fix: string; readonly severity?: string }>>,
): CatalogueEntry[] {
  return Object.entries(codes).map(([code, info]) => ({
    code,
    summary: info.summary,
    fix: info.fix,
    ...(info.severity ? { severity: info.severity } : {}),
  }));
}

/** Every published catalogue, in README order. Add new ones here. */
export const CATALOGUES: readonly Catalogue[] = [
  {
    title: 'Document load codes',
    intro:
      'Reported when a file is read. `FILE_UNREADABLE`, `DOCUMENT_NOT_JSON`, `DOCUMENT_NOT_TOPOLOGY` and `DOCUMENT_VERSION_UNSUPPORTED` ' +
      'mean "not a topology document" (`vpclink validate` exits 2, message on stderr); the others are schema ' +
      'problems, reported by `vpclink validate` as error findings (exit 1).',
    entries: [
      {
        code: 'FILE_UNREADABLE',
        summary: 'The file cannot be read (no such file, a directory, no permission).',
        fix: DOCUMENT_FIXES.FILE_UNREADABLE,
      },
      ...fromPlain(DOCUMENT_FATAL_CODES, DOCUMENT_FIXES),
      ...fromPlain(SCHEMA_CODES, DOCUMENT_FIXES),
    ],
  },
  {
    title: 'Validation findings',
    intro:
      "`vpclink validate` (and the app's problems panel). `error` = the Alibaba Cloud API would refuse it or " +
      'the document is meaningless (exit 1); `warning` = legal but risky, or it silently stops traffic; `info` ' +
      '= worth knowing. Each finding has a JSON Pointer `path`, the `resourceId` and a concrete `suggestion`.',
    entries: fromRecords(VALIDATION_CODES),
  },
  {
    title: 'Reachability blockers (the drop-cause catalogue)',
    intro:
      "`vpclink check` and the app's path view: every reason vpclink knows a flow can fail, in `blockers[]` " +
      'with the resource to change and, where the catalogue says so, a `fix` JSON Patch (always for security-group, ' +
      'ACL, route and pairing blockers). Security-group and ACL blockers also say whether an explicit drop rule ' +
      'decided (`cause: EXPLICIT_DROP`, `rulePath`) or the default deny (`DEFAULT_DENY`). Only `NEXT_HOP_NOT_SIMULATED` ' +
      'makes a flow `undetermined`; every other code makes it `unreachable`. The last column names the nearest ' +
      "cause in Alibaba's NIS reachability analyzer, GCP Connectivity Tests and AWS Reachability Analyzer.",
    entries: Object.entries(REACH_BLOCKER_CODES).map(([code, cause]) => ({
      code,
      summary: cause.summary,
      fix: `${cause.fix} (patch: ${cause.patch})`,
      resource: cause.resource,
      outcome: cause.outcome,
      analogues: cause.analogues,
    })),
  },
  {
    title: 'Plan problems',
    intro:
      "`vpclink plan` and `vpclink apply` (and the app's plan preview): why a document cannot be applied as it stands (exit 1) or what the plan will do that you may not expect.",
    entries: fromPlain(PLAN_PROBLEM_CODES, PLAN_FIXES),
  },
  {
    title: 'Migration problems',
    intro:
      '`vpclink plan FILE --migrate LINK-ID --to peering`: why a router-interface link cannot be migrated to VPC peering without losing a flow (exit 1), or what the plan leaves to you.',
    entries: fromRecords(MIGRATION_CODES),
  },
  {
    title: 'Apply errors',
    intro: '`vpclink apply`, `destroy` and `--rollback`: problems with the journal that records a run.',
    entries: fromPlain(APPLY_ERROR_CODES, APPLY_FIXES),
  },
  {
    title: 'Cloud and credential errors',
    intro:
      "`vpclink import`, `plan`, `apply`, `destroy` and the app's Apply panel. Codes from Alibaba Cloud itself " +
      '(such as `Throttling.User` or `IncorrectRIStatus`) are shown as the API sends them, with the request ' +
      "ID; these are vpclink's own.",
    entries: fromRecords(CLOUD_ERROR_CODES),
  },
];

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCatalogues(catalogues: readonly Catalogue[] = CATALOGUES): string {
  const parts: string[] = [];
  for (const catalogue of catalogues) {
    const withSeverity = catalogue.entries.some((e) => e.severity !== undefined);
    const dropCauses = catalogue.entries.some((e) => e.resource !== undefined);
    const headers = [
      'code',
      ...(withSeverity ? ['severity'] : []),
      'meaning',
      ...(dropCauses ? ['names', 'verdict'] : []),
      'fix',
      ...(dropCauses ? ['NIS / GCP / AWS'] : []),
    ];
    parts.push(`### ${catalogue.title}`, '', catalogue.intro, '');
    parts.push(`| ${headers.join(' | ')} |`);
    parts.push(`|${headers.map(() => '---').join('|')}|`);
    for (const e of catalogue.entries) {
      const cells = [
        `\`${e.code}\``,
        ...(withSeverity ? [e.severity ?? ''] : []),
        escapeCell(e.summary),
        ...(dropCauses ? [escapeCell(e.resource ?? ''), e.outcome ?? ''] : []),
        escapeCell(e.fix),
        ...(dropCauses ? [escapeCell(e.analogues ?? '')] : []),
      ];
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
    throw new Error(
      'README.md has no <!-- codes:start … --> … <!-- codes:end --> markers; add them where the catalogue belongs',
    );
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
  console.log(
    changed.length
      ? `generated: ${changed.map((p) => p.slice(ROOT.length + 1)).join(', ')}`
      : 'generated files are up to date',
  );
}
