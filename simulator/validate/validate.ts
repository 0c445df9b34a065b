/**
 * validateTopology: every check over a loaded document, findings in document order.
 * Deterministic (no clock, no randomness) and linear-ish in the document size: maps, per-length
 * prefix tables and sorted sweeps, never all-pairs over rules or vSwitches.
 */
import { OPTIONAL_RESOURCE_ARRAYS, RESOURCE_ARRAYS, type Topology } from '../document/schema';
import { checkCen } from './checkCen';
import { checkAccounts, checkIds } from './checkIds';
import { checkConnectedOverlap, checkInstances, checkVpcs, checkVSwitches } from './checkNetwork';
import { checkNetworkAcls } from './checkNetworkAcls';
import { checkNetworkInterfaces } from './checkNetworkInterfaces';
import { checkPeerConnections } from './checkPeerConnections';
import { checkPrefixLists } from './checkPrefixLists';
import { checkIntents } from './checkIntents';
import { checkRouterInterfaces } from './checkRouterInterfaces';
import { checkRouteTables } from './checkRoutes';
import { checkSecurityGroups } from './checkSecurityGroups';
import { ValidationContext } from './context';
import type { Finding } from './finding';

export function validateTopology(document: Topology): Finding[] {
  const ctx = new ValidationContext(document);
  checkIds(ctx);
  checkAccounts(ctx);
  checkVpcs(ctx); // fills ctx.vpcCidrs, used below
  checkVSwitches(ctx); // fills ctx.vSwitchCidrs, used below
  checkConnectedOverlap(ctx);
  checkRouteTables(ctx);
  checkRouterInterfaces(ctx);
  checkSecurityGroups(ctx);
  checkInstances(ctx);
  checkNetworkAcls(ctx);
  checkNetworkInterfaces(ctx);
  checkPrefixLists(ctx);
  checkPeerConnections(ctx);
  checkCen(ctx);
  checkIntents(ctx);
  return sortByDocumentOrder(ctx.findings);
}

/** True when no finding is an error (warnings and info allowed). */
export function isValid(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}

const ARRAY_RANK = new Map<string, number>(
  // Intents come after the resources they name (they are no resource array: no IDs); so do the
  // CEN associations and propagations, after the attachments and tables they join.
  [
    ...Object.keys(RESOURCE_ARRAYS),
    ...Object.keys(OPTIONAL_RESOURCE_ARRAYS),
    'transitRouterRouteTableAssociations',
    'transitRouterRouteTablePropagations',
    'intents',
  ].map((name, i) => [name, i]),
);

/**
 * Orders findings by where they point: resource array (document order of the arrays), then
 * item index, then nested indexes (route entries, rules). Findings on the same item keep the
 * order the checks produced them (a stable sort), so the output is fully deterministic.
 */
export function sortByDocumentOrder(findings: readonly Finding[]): Finding[] {
  // Module-level callbacks, not closures made per run (hiddenClasses.ts).
  return findings.map(keyedFinding).sort(compareKeyed).map(findingOf);
}

interface KeyedFinding {
  readonly finding: Finding;
  readonly i: number;
  readonly key: PathKey;
}

function keyedFinding(finding: Finding, i: number): KeyedFinding {
  return { finding, i, key: pathKey(finding.path) };
}

function compareKeyed(x: KeyedFinding, y: KeyedFinding): number {
  return compareKeys(x.key, y.key) || x.i - y.i;
}

function findingOf(keyed: KeyedFinding): Finding {
  return keyed.finding;
}

interface PathKey {
  /** Rank of the resource array (-1: not in one). */
  readonly rank: number;
  /** Item index in that array (-1: the array itself). */
  readonly item: number;
  /** Field of the item, and the index inside it when the field is a list (route entries, rules). */
  readonly field: string;
  readonly sub: number;
}

function pathKey(path: string): PathKey {
  const [, array = '', item = '', field = '', sub = ''] = path.split('/', 5);
  return { rank: ARRAY_RANK.get(array) ?? -1, item: indexIn(item), field, sub: indexIn(sub) };
}

/** A path segment that is all decimal digits as its number, else -1. */
function indexIn(segment: string): number {
  if (segment.length === 0) return -1;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return Number(segment);
}

function compareKeys(a: PathKey, b: PathKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.item !== b.item) return a.item - b.item;
  // Different fields of one item keep the checks' order; entries of one list go by index.
  if (a.field === b.field && a.sub !== b.sub && a.sub >= 0 && b.sub >= 0) return a.sub - b.sub;
  return 0;
}
