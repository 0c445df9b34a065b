// The automatic layout (elk in Node, the same code the layout worker runs): nested groups that
// contain their children, siblings that never overlap (so no label sits on another), accounts
// apart, stored positions winning, and the same answer twice (stable between edits).
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { buildElkGraph, composeLayout, layoutKey, type LayoutResult } from '../../renderer/canvas/layout';
import { setPositions, updateResource } from '../../renderer/store/edits';
import { example } from './helpers';

const elk = new ELK();

async function layout(doc: Topology): Promise<LayoutResult> {
  return composeLayout(doc, await elk.layout(buildElkGraph(doc)));
}

function overlaps(a: { absX: number; absY: number; width: number; height: number }, b: typeof a): boolean {
  return a.absX < b.absX + b.width && b.absX < a.absX + a.width && a.absY < b.absY + b.height && b.absY < a.absY + a.height;
}

function checkGeometry(result: LayoutResult): void {
  for (const node of result.nodes) {
    if (node.parentId) {
      const parent = result.byId.get(node.parentId)!;
      expect(node.absX, `${node.id} inside ${parent.id}`).toBeGreaterThanOrEqual(parent.absX);
      expect(node.absY).toBeGreaterThan(parent.absY); // below the parent's header
      expect(node.absX + node.width).toBeLessThanOrEqual(parent.absX + parent.width);
      expect(node.absY + node.height).toBeLessThanOrEqual(parent.absY + parent.height);
    }
  }
  const byParent = new Map<string, typeof result.nodes[number][]>();
  for (const n of result.nodes) byParent.set(n.parentId ?? '', [...(byParent.get(n.parentId ?? '') ?? []), n]);
  for (const siblings of byParent.values()) {
    for (let i = 0; i < siblings.length; i++) for (let j = i + 1; j < siblings.length; j++) expect(overlaps(siblings[i], siblings[j]), `${siblings[i].id} overlaps ${siblings[j].id}`).toBe(false);
  }
}

describe('layout', () => {
  it.each(['cross-account', 'same-account', 'broken-acceptor-not-configured'])('%s: nested, contained, no overlaps', async (name) => {
    const doc = example(name);
    const result = await layout(doc);
    expect(result.nodes.filter((n) => n.kind === 'vpc')).toHaveLength(doc.vpcs.length);
    expect(result.nodes.filter((n) => n.kind === 'instance')).toHaveLength(doc.instances.length);
    checkGeometry(result);
    // Parents come before their children (React Flow needs that order).
    const seen = new Set<string>();
    for (const n of result.nodes) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
  });

  it('puts the two accounts of the cross-account example side by side, initiator on the left', async () => {
    const result = await layout(example('cross-account'));
    const [a, b] = result.nodes.filter((n) => n.kind === 'account');
    expect(a.id).toBe('1231579085529123');
    expect(a.absX + a.width).toBeLessThan(b.absX);
  });

  it('is deterministic, ignores non-structural edits, and keeps a moved node where it was put', async () => {
    const doc = example('cross-account');
    const first = await layout(doc);
    const again = await layout(doc);
    expect(again.nodes).toEqual(first.nodes);
    expect(layoutKey(updateResource(doc, 'vpc-m5eh2wln3wdeovmrvvr4a', { cidrBlock: '10.0.0.0/16' }))).toBe(layoutKey(doc));

    const moved = setPositions(doc, { 'i-m5e8s3ti3g1xtn0gmaus': { x: 300, y: 200 } });
    const result = await layout(moved);
    const inst = result.byId.get('i-m5e8s3ti3g1xtn0gmaus')!;
    expect([inst.x, inst.y]).toEqual([300, 200]);
    checkGeometry(result); // its vSwitch, VPC, region and account grew to hold it
    // Everything else stays put.
    const other = (r: LayoutResult) => r.byId.get('vpc-2zeo9pbx3kvs1gd7pu3gs')!;
    expect([other(result).x, other(result).y]).toEqual([other(first).x, other(first).y]);
  });

  it('lays out a large estate (200 instances) without overlaps', async () => {
    const base = example('same-account');
    const vsw = base.vSwitches[0];
    const sg = base.securityGroups.find((g) => g.vpcId === vsw.vpcId)!;
    const instances = Array.from({ length: 200 }, (_, n) => ({ instanceId: `i-bulk${n}`, vSwitchId: vsw.vSwitchId, privateIpAddress: `10.0.0.${n + 1}`, securityGroupIds: [sg.securityGroupId] }));
    const result = await layout({ ...base, instances: [...base.instances, ...instances] });
    checkGeometry(result);
  });
});
