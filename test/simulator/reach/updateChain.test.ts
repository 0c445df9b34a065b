/**
 * Edits in a row, as the app makes them: each version's index is the `update` of the one before,
 * never a fresh build. After every edit the updated index must answer exactly as a fresh index of
 * the same document: the matrix and the full check of sampled pairs. What this covers beyond the
 * single-edit tests (property.test.ts, dataplane.test.ts): pooled rule sets taken over lazily
 * through several versions (and the chain flattened past its length limit), pools first asked
 * for in an intermediate version, and route tables edited in place (only the edited table is
 * compiled again; the others and every vSwitch's table come from the version before).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Permission, Topology } from '../../../simulator/document';
import { createReachability, type Protocol, type Reachability } from '../../../simulator/reach';
import { generateTopology } from '../../../bench/generate';
import { load } from './helpers';

/** The S estate of the bench: 4 VPCs, 40 instances, 400 rules, router interfaces, peering, ACLs, ENIs. */
const BASE: Topology = load(JSON.parse(JSON.stringify(generateTopology('S', 3))));

type Edit = (doc: Topology, pick: number) => Topology;

const at = <T>(items: readonly T[], pick: number): number => pick % Math.max(1, items.length);

/** `items` with the one at `index` replaced by `edit` of it (an immutable edit, as the app makes). */
const editAt = <T>(items: readonly T[], index: number, edit: (item: T) => T): T[] =>
  items.map((item, i) => (i === index ? edit(item) : item));

const EDITS: Record<string, Edit> = {
  'a rule added': (doc, pick) => {
    const from = doc.instances[at(doc.instances, pick * 7)]!;
    const rule: Permission = {
      direction: pick % 3 === 0 ? 'egress' : 'ingress',
      ipProtocol: pick % 2 === 0 ? 'ICMP' : 'ALL',
      portRange: '-1/-1',
      policy: pick % 5 === 0 ? 'Drop' : 'Accept',
      priority: 1 + (pick % 3),
      ...(pick % 3 === 0 ? { destCidrIp: '0.0.0.0/0' } : { sourceCidrIp: `${from.privateIpAddress}/32` }),
    };
    return {
      ...doc,
      securityGroups: editAt(doc.securityGroups, at(doc.securityGroups, pick), (group) => ({
        ...group,
        permissions: [...group.permissions, rule],
      })),
    };
  },
  'a rule removed': (doc, pick) => ({
    ...doc,
    securityGroups: editAt(doc.securityGroups, at(doc.securityGroups, pick), (group) => ({
      ...group,
      permissions: group.permissions.filter((_, p) => p !== at(group.permissions, pick)),
    })),
  }),
  'a group isolates its members': (doc, pick) => ({
    ...doc,
    securityGroups: editAt(doc.securityGroups, at(doc.securityGroups, pick), (group) => ({
      ...group,
      innerAccessPolicy: group.innerAccessPolicy === 'Drop' ? 'Accept' : 'Drop',
    })),
  }),
  'a group removed': (doc, pick) => ({
    ...doc,
    securityGroups: doc.securityGroups.filter((_, i) => i !== at(doc.securityGroups, pick)),
  }),
  'an instance leaves its first group': (doc, pick) => ({
    ...doc,
    instances: editAt(doc.instances, at(doc.instances, pick), (instance) =>
      instance.securityGroupIds.length > 1
        ? { ...instance, securityGroupIds: instance.securityGroupIds.slice(1) }
        : instance,
    ),
  }),
  'a route removed': (doc, pick) => ({
    ...doc,
    routeTables: editAt(doc.routeTables, at(doc.routeTables, pick), (table) => ({
      ...table,
      routeEntries: table.routeEntries.filter((_, e) => e !== at(table.routeEntries, pick)),
    })),
  }),
  'a route no longer available': (doc, pick) => ({
    ...doc,
    routeTables: editAt(doc.routeTables, at(doc.routeTables, pick * 3), (table) => ({
      ...table,
      routeEntries: editAt(table.routeEntries, 0, (entry) => ({
        ...entry,
        status: entry.status === 'Pending' ? 'Available' : 'Pending',
      })),
    })),
  }),
  'a route table emptied': (doc, pick) => ({
    ...doc,
    routeTables: editAt(doc.routeTables, at(doc.routeTables, pick), (table) => ({ ...table, routeEntries: [] })),
  }),
  'route tables reordered': (doc) => ({ ...doc, routeTables: [...doc.routeTables].reverse() }),
  'a route table renamed': (doc, pick) => ({
    ...doc,
    routeTables: editAt(doc.routeTables, at(doc.routeTables, pick), (table) => ({
      ...table,
      routeTableId: `${table.routeTableId}-renamed`,
    })),
  }),
  'a prefix list emptied': (doc, pick) => ({
    ...doc,
    prefixLists: editAt(doc.prefixLists ?? [], at(doc.prefixLists ?? [], pick), (list) => ({ ...list, entries: [] })),
  }),
  'a router interface deactivated': (doc, pick) => ({
    ...doc,
    routerInterfaces: editAt(doc.routerInterfaces, at(doc.routerInterfaces, pick), (ri) => ({
      ...ri,
      status: 'Inactive',
    })),
  }),
  'nothing changed': (doc) => ({ ...doc }),
};

const FLOWS: ReadonlyArray<readonly [Protocol, number | null]> = [
  ['icmp', null],
  ['tcp', 22],
  ['all', null],
];

const arbStep = fc.record({
  edit: fc.constantFrom(...Object.keys(EDITS)),
  pick: fc.nat(10_000),
  /** Ask the intermediate version something first, so pools are compiled in it and taken over later. */
  checksBefore: fc.nat(3),
  matrixBefore: fc.boolean(),
});

describe('update after update equals a fresh index', () => {
  it('for chains of up to 12 edits (past the pool chain limit), matrix and checks', () => {
    const n = BASE.instances.length;
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 12 }), fc.nat(FLOWS.length - 1), (steps, f) => {
        const [protocol, port] = FLOWS[f]!;
        let doc = BASE;
        let reach: Reachability = createReachability(doc);
        reach.matrix({ protocol, port });
        steps.forEach((step, k) => {
          for (let c = 0; c < step.checksBefore; c++) {
            const from = doc.instances[(step.pick + c * 13) % n]!.instanceId;
            const to = doc.instances[(step.pick * 3 + c) % n]!.instanceId;
            reach.check({ from, to, protocol, port });
          }
          if (step.matrixBefore) reach.matrix({ protocol, port });
          doc = EDITS[step.edit]!(doc, step.pick);
          reach = reach.update(doc);
          const fresh = createReachability(doc);
          const label = `step ${k}: ${step.edit}`;
          for (let c = 0; c < 12; c++) {
            const flow = {
              from: doc.instances[(step.pick * 7 + c * 11) % n]!.instanceId,
              to: doc.instances[(step.pick + c * 5) % n]!.instanceId,
              protocol,
              port,
            };
            expect(JSON.stringify(reach.check(flow)), label).toBe(JSON.stringify(fresh.check(flow)));
          }
          expect(reach.matrix({ protocol, port }), label).toEqual(fresh.matrix({ protocol, port }));
        });
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
