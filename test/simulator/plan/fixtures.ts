/** Documents for the planner tests, derived from the bundled examples. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocumentValue, type Topology } from '../../../simulator/document';

export const ROOT = join(__dirname, '..', '..', '..');

export function loadExample(name: string): Topology {
  const raw = JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.vpclink.json`), 'utf8'));
  const result = loadDocumentValue(raw);
  if (result.kind !== 'ok') throw new Error(`example ${name} does not load: ${JSON.stringify(result)}`);
  return result.document;
}

export function load(raw: unknown): Topology {
  const result = loadDocumentValue(raw);
  if (result.kind !== 'ok') throw new Error(`fixture does not load: ${JSON.stringify(result)}`);
  return result.document;
}

/** What the sandbox's `base` seed holds: everything but router interfaces, routes via RIs and SG rules. */
export function baseOf(doc: Topology): Topology {
  return {
    ...doc,
    routerInterfaces: [],
    routeTables: doc.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.filter((e) => e.nextHopType !== 'RouterInterface'),
    })),
    securityGroups: doc.securityGroups.map((g) => ({ ...g, permissions: [] })),
  };
}

/** `doc` as an import after a successful apply: RIs carry new live IDs and a status. */
export function appliedOf(
  doc: Topology,
  liveIds: Record<string, string>,
  status: 'Active' | 'Inactive' | 'Idle' = 'Active',
): Topology {
  const map = (id: string | undefined) => (id !== undefined ? (liveIds[id] ?? id) : undefined);
  return {
    ...doc,
    routerInterfaces: doc.routerInterfaces.map((ri) => ({
      ...ri,
      routerInterfaceId: map(ri.routerInterfaceId)!,
      oppositeInterfaceId: map(ri.oppositeInterfaceId),
      status,
    })),
    routeTables: doc.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.map((e) => ({ ...e, nextHopId: map(e.nextHopId)!, status: 'Available' as const })),
    })),
  };
}

export const CROSS = {
  accountA: '1231579085529123',
  accountB: '1564982317654321',
  riI: 'ri-m5e33r3n78zyi5573kf85',
  riA: 'ri-2zeix2q86uoyisagyz0pn',
  vrtA: 'vrt-m5e0yd4q6gptnc9y7bvsr',
  vrtB: 'vrt-2zem6f6iqm7e5cdbsk0r2',
  vtbA: 'vtb-m5e64ujkb7xn5i2ukwzd1',
  vtbB: 'vtb-2zefk1lhcyspp1ncehn4b',
  sgA: 'sg-m5eb1u5rbzpd4ljqj4b1',
  sgB: 'sg-2zeh6s0f7hcwt1xp6cgl',
  vpcA: 'vpc-m5eh2wln3wdeovmrvvr4a',
  vpcB: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
  iA: 'i-m5e8s3ti3g1xtn0gmaus',
  iB: 'i-2ze6pb1ti4wkxo4mnwo3',
} as const;
