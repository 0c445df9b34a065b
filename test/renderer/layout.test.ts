// The automatic layout (elk in Node, the same code the layout worker runs): nested groups that
// contain their children, siblings that never overlap (so no label sits on another), accounts
// apart, stored positions winning, and the same answer twice (stable between edits).
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { generateTopology } from '../../bench/generate';
import { loadDocumentValue } from '../../simulator/document/load';
import {
  ELK_MAX_GRAPH_SIZE,
  buildElkGraph,
  composeLayout,
  elkGraphSize,
  layoutKey,
  placeGraph,
  simpleLayoutGraph,
  type LayoutResult,
} from '../../renderer/canvas/layout';
import { setPositions, updateResource } from '../../renderer/store/edits';
import { example } from './helpers';

const elk = new ELK();

async function layout(doc: Topology): Promise<LayoutResult> {
  return composeLayout(doc, await elk.layout(buildElkGraph(doc)));
}

function overlaps(a: { absX: number; absY: number; width: number; height: number }, b: typeof a): boolean {
  return (
    a.absX < b.absX + b.width && b.absX < a.absX + a.width && a.absY < b.absY + b.height && b.absY < a.absY + a.height
  );
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
  const byParent = new Map<string, (typeof result.nodes)[number][]>();
  for (const n of result.nodes) byParent.set(n.parentId ?? '', [...(byParent.get(n.parentId ?? '') ?? []), n]);
  for (const siblings of byParent.values()) {
    for (let i = 0; i < siblings.length; i++)
      for (let j = i + 1; j < siblings.length; j++)
        expect(overlaps(siblings[i], siblings[j]), `${siblings[i].id} overlaps ${siblings[j].id}`).toBe(false);
  }
}

describe('layout', () => {
  // Not 'peering': elk throws on its four VPCs in two accounts and three regions (the same without
  // the peering), so it takes the simple layout (the fallback test below covers it).
  it.each(['cross-account', 'same-account', 'broken-acceptor-not-configured'])(
    '%s: nested, contained, no overlaps',
    async (name) => {
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
    },
  );

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
    expect(layoutKey(updateResource(doc, 'vpc-m5eh2wln3wdeovmrvvr4a', { cidrBlock: '10.0.0.0/16' }))).toBe(
      layoutKey(doc),
    );

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
    const instances = Array.from({ length: 200 }, (_, n) => ({
      instanceId: `i-bulk${n}`,
      vSwitchId: vsw.vSwitchId,
      privateIpAddress: `10.0.0.${n + 1}`,
      securityGroupIds: [sg.securityGroupId],
    }));
    const result = await layout({ ...base, instances: [...base.instances, ...instances] });
    checkGeometry(result);
  });
});

function generated(size: 'S' | 'M' | 'L'): Topology {
  const result = loadDocumentValue(generateTopology(size, 1));
  if (result.kind !== 'ok') throw new Error(`generated ${size} does not load`);
  return result.document;
}

const realElk = (graph: ElkNode) => elk.layout(graph);
const failingElk = async (): Promise<ElkNode> => {
  throw new TypeError("Cannot read properties of undefined (reading 'a')");
};

async function placed(
  doc: Topology,
  runElk: (graph: ElkNode) => Promise<ElkNode> = realElk,
  options?: Parameters<typeof placeGraph>[2],
) {
  const p = await placeGraph(doc, runElk, options);
  return { engine: p.engine, result: composeLayout(doc, p.graph) };
}

function counts(result: LayoutResult, doc: Topology): void {
  expect(result.nodes.filter((n) => n.kind === 'account').length).toBe(
    new Set([...doc.accounts.map((a) => a.accountId), ...doc.vpcs.map((v) => v.accountId)]).size,
  );
  expect(result.nodes.filter((n) => n.kind === 'vpc')).toHaveLength(doc.vpcs.length);
  expect(result.nodes.filter((n) => n.kind === 'vSwitch')).toHaveLength(doc.vSwitches.length);
  expect(result.nodes.filter((n) => n.kind === 'instance')).toHaveLength(doc.instances.length);
  const seen = new Set<string>();
  for (const n of result.nodes) {
    if (n.parentId) expect(seen.has(n.parentId), `${n.id} after its parent`).toBe(true);
    seen.add(n.id);
  }
}

describe('layout of large estates and when elk fails', () => {
  const M = generated('M');
  const L = generated('L');

  it('keeps elk for the examples and the S estate (small graphs)', async () => {
    for (const doc of [
      example('cross-account'),
      example('same-account'),
      example('broken-acceptor-not-configured'),
      generated('S'),
    ]) {
      expect(elkGraphSize(buildElkGraph(doc))).toBeLessThanOrEqual(ELK_MAX_GRAPH_SIZE);
      const { engine, result } = await placed(doc);
      expect(engine).toEqual({ kind: 'elk' });
      checkGeometry(result);
    }
  });

  it.each([
    ['M', M],
    ['L', L],
  ] as const)('%s: the simple layout, nested, contained, no overlapping siblings', async (_name, doc) => {
    expect(elkGraphSize(buildElkGraph(doc))).toBeGreaterThan(ELK_MAX_GRAPH_SIZE);
    // elk is never called for a graph this large.
    const { engine, result } = await placed(doc, failingElk);
    expect(engine).toEqual({ kind: 'simple', reason: 'large' });
    counts(result, doc);
    checkGeometry(result);
    // Every VPC sits in its own account's region.
    for (const v of doc.vpcs) expect(result.byId.get(v.vpcId)!.parentId).toBe(`region:${v.accountId}:${v.regionId}`);
  });

  it.each(['cross-account', 'same-account', 'broken-acceptor-not-configured', 'peering', 'transit-router'])(
    '%s: elk throwing (twice) → the simple layout, still nested and contained',
    async (name) => {
      const doc = example(name);
      let calls = 0;
      const { engine, result } = await placed(doc, async () => {
        calls++;
        return failingElk();
      });
      expect(engine).toMatchObject({
        kind: 'simple',
        reason: 'failed',
        detail: expect.stringContaining("reading 'a'"),
      });
      expect(calls).toBe(2); // retried once without the model-order options
      counts(result, doc);
      checkGeometry(result);
    },
  );

  it('retries elk without the model-order options when only those make it throw', async () => {
    const doc = generated('S');
    const hasModelOrder = (n: ElkNode): boolean =>
      Boolean(n.layoutOptions?.['elk.layered.considerModelOrder.strategy']) || (n.children ?? []).some(hasModelOrder);
    const { engine, result } = await placed(doc, (graph) => (hasModelOrder(graph) ? failingElk() : elk.layout(graph)));
    expect(engine).toEqual({ kind: 'elk' });
    checkGeometry(result);
  });

  it('an elk that never answers → the simple layout after the timeout', async () => {
    const doc = example('cross-account');
    const { engine, result } = await placed(doc, () => new Promise<ElkNode>(() => undefined), { timeoutMs: 20 });
    expect(engine).toEqual({ kind: 'simple', reason: 'timeout' });
    checkGeometry(result);
  });

  it('an empty document is never handed to elk (its worker is not started for nothing)', async () => {
    let calls = 0;
    const empty = {
      ...example('same-account'),
      accounts: [],
      vpcs: [],
      vSwitches: [],
      instances: [],
      routerInterfaces: [],
    };
    const { engine, result } = await placed(empty, async (graph) => {
      calls++;
      return elk.layout(graph);
    });
    expect(calls).toBe(0);
    expect(engine).toEqual({ kind: 'elk' });
    expect(result.nodes).toEqual([]);
  });

  it('an elk that throws synchronously is a failure too, not an exception', async () => {
    const { engine } = await placed(example('same-account'), () => {
      throw new Error('boom');
    });
    expect(engine).toMatchObject({ kind: 'simple', reason: 'failed' });
  });

  it('the simple layout is deterministic and ignores non-structural edits', async () => {
    const first = (await placed(L, failingElk)).result;
    const again = (await placed(generated('L'), failingElk)).result;
    expect(again.nodes).toEqual(first.nodes);
    const renamed = updateResource(L, L.vpcs[3].vpcId, { cidrBlock: '10.250.0.0/16' });
    expect(composeLayout(renamed, simpleLayoutGraph(renamed)).nodes).toEqual(first.nodes);
  });

  it('the simple layout: stored positions win, and a new VPC moves none of the placed nodes', async () => {
    const base = (await placed(M, failingElk)).result;
    // The architect has dragged the accounts (positions stored, as a drag does).
    const accounts = base.nodes.filter((n) => n.kind === 'account');
    const arranged = setPositions(M, Object.fromEntries(accounts.map((a) => [a.id, { x: a.x + 200, y: a.y + 100 }])));
    const before = (await placed(arranged, failingElk)).result;
    for (const a of accounts)
      expect([before.byId.get(a.id)!.x, before.byId.get(a.id)!.y]).toEqual([a.x + 200, a.y + 100]);

    // A new VPC in a new account and a new region.
    const template = M.vpcs[0];
    const grown: Topology = {
      ...arranged,
      accounts: [...arranged.accounts, { ...arranged.accounts[0], accountId: '1999999999999999', name: 'new account' }],
      vpcs: [
        ...arranged.vpcs,
        {
          ...template,
          vpcId: 'vpc-new',
          vRouterId: 'vrt-new',
          accountId: '1999999999999999',
          regionId: 'cn-chengdu',
          name: 'new',
        },
      ],
    };
    const after = (await placed(grown, failingElk)).result;
    for (const a of accounts) {
      const [x, y] = [after.byId.get(a.id)!, before.byId.get(a.id)!];
      expect([x.absX, x.absY, x.width, x.height], a.id).toEqual([y.absX, y.absY, y.width, y.height]);
    }
    expect(after.byId.get('vpc-new')!.parentId).toBe('region:1999999999999999:cn-chengdu');
    checkGeometry(after);
  });

  it('the simple layout: a VPC moved by hand stays put and its region grows around it', async () => {
    const vpc = L.vpcs[10];
    const moved = setPositions(L, { [vpc.vpcId]: { x: 900, y: 700 } });
    const result = (await placed(moved, failingElk)).result;
    const node = result.byId.get(vpc.vpcId)!;
    expect([node.x, node.y]).toEqual([900, 700]);
    checkGeometry(result);
  });

  it('the simple layout: an empty document, an account without VPCs, and orphans (vSwitch of an unknown VPC, instance of an unknown vSwitch)', async () => {
    const empty = example('same-account');
    const none = (
      await placed({ ...empty, accounts: [], vpcs: [], vSwitches: [], instances: [], routerInterfaces: [] }, failingElk)
    ).result;
    expect(none.nodes).toEqual([]);

    const base = example('cross-account');
    const doc: Topology = {
      ...base,
      accounts: [...base.accounts, { ...base.accounts[0], accountId: '1888888888888888', name: 'empty account' }],
      vSwitches: [...base.vSwitches, { ...base.vSwitches[0], vSwitchId: 'vsw-orphan', vpcId: 'vpc-missing' }],
      instances: [...base.instances, { ...base.instances[0], instanceId: 'i-orphan', vSwitchId: 'vsw-missing' }],
    };
    const { engine, result } = await placed(doc, failingElk);
    expect(engine.kind).toBe('simple');
    checkGeometry(result);
    const emptyAccount = result.byId.get('1888888888888888')!;
    expect(emptyAccount.kind).toBe('account');
    // Room for its header, as elk's minimum size gives: 350 wide, the placeholder below the header.
    expect(emptyAccount.width).toBe(350);
    expect(emptyAccount.height).toBe(38 + 40 + 18);
    expect(result.byId.get('vsw-orphan')!.parentId).toBeUndefined();
    expect(result.byId.get('i-orphan')!.parentId).toBeUndefined();
  });
});
