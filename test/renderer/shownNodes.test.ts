/**
 * The canvas gives React Flow the vSwitches and instances near the view a batch per frame, nearest
 * to the view's centre first, each after its parent (renderer/canvas/shownNodes.ts `joinNearest`).
 */
import type { Node } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { BATCH, joinNearest } from '../../renderer/canvas/shownNodes';

const node = (id: string, type: string, parentId?: string): Node => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: {},
  ...(parentId ? { parentId } : {}),
});

/** A VPC with `count` vSwitches in a row, 100 units apart, each holding one instance at its place. */
function row(count: number) {
  const nodes: Node[] = [node('vpc', 'vpc')];
  const boxes = new Map<string, { absX: number; absY: number; width: number; height: number }>();
  boxes.set('vpc', { absX: 0, absY: 0, width: count * 100, height: 100 });
  for (let i = 0; i < count; i++) {
    nodes.push(node(`vsw${i}`, 'vSwitch', 'vpc'), node(`i${i}`, 'instance', `vsw${i}`));
    boxes.set(`vsw${i}`, { absX: i * 100, absY: 0, width: 90, height: 90 });
    boxes.set(`i${i}`, { absX: i * 100 + 10, absY: 10, width: 50, height: 30 });
  }
  return { nodes, boxOf: (id: string) => boxes.get(id) };
}

const waitingOf = (nodes: readonly Node[], joined: ReadonlySet<string>) =>
  nodes.filter((n) => (n.type === 'vSwitch' || n.type === 'instance') && !joined.has(n.id));

describe('joinNearest: vSwitches and instances join a batch per frame', () => {
  it('more than a batch waits: the batch nearest to the centre joins, parents before their children', () => {
    const { nodes, boxOf } = row(BATCH);
    const centre = { x: BATCH * 100, y: 50 }; // the far end of the row
    const first = joinNearest(new Set(), nodes, waitingOf(nodes, new Set()), centre, boxOf);
    // No instance before its vSwitch has joined: the first batch is vSwitches only, the nearest ones.
    expect(first.size).toBe(BATCH);
    expect([...first].every((id) => id.startsWith('vsw'))).toBe(true);
    expect(first.has(`vsw${BATCH - 1}`)).toBe(true);
    expect(first.has('vsw0')).toBe(true); // all BATCH vSwitches wait; the instances cannot join yet
    const second = joinNearest(first, nodes, waitingOf(nodes, first), centre, boxOf);
    expect(second.size).toBe(2 * BATCH);
    expect(second.has(`i${BATCH - 1}`)).toBe(true);
  });

  it('nearest first: from the middle of a long row, the ends join last', () => {
    const { nodes, boxOf } = row(3 * BATCH);
    const centre = { x: 150 * 100, y: 50 };
    const first = joinNearest(new Set(), nodes, waitingOf(nodes, new Set()), centre, boxOf);
    expect(first.has('vsw150')).toBe(true);
    expect(first.has('vsw0')).toBe(false);
    expect(first.has(`vsw${3 * BATCH - 1}`)).toBe(false);
  });

  it('a batch or fewer waiting join together, children with their parents', () => {
    const { nodes, boxOf } = row(3);
    const joined = joinNearest(new Set(), nodes, waitingOf(nodes, new Set()), { x: 0, y: 0 }, boxOf);
    expect([...joined].sort()).toEqual(['i0', 'i1', 'i2', 'vsw0', 'vsw1', 'vsw2']);
  });

  it('those that left the view are forgotten (they join again as new); nothing changed: the same set', () => {
    const { nodes, boxOf } = row(3);
    const all = new Set(['vsw0', 'vsw1', 'vsw2', 'i0', 'i1', 'i2']);
    const still = nodes.filter((n) => n.id !== 'i2' && n.id !== 'vsw2');
    expect([...joinNearest(all, still, [], { x: 0, y: 0 }, boxOf)].sort()).toEqual(['i0', 'i1', 'vsw0', 'vsw1']);
    const same = new Set(['vsw0', 'vsw1', 'i0', 'i1']);
    expect(joinNearest(same, still, [], { x: 0, y: 0 }, boxOf)).toBe(same);
  });

  it('one whose parent is not given never joins, and asks for no further frame', () => {
    const { nodes, boxOf } = row(BATCH + 1);
    // Every vSwitch left out: their instances wait for a parent that is not there.
    const wanted = nodes.filter((n) => n.type !== 'vSwitch');
    const none = new Set<string>();
    expect(joinNearest(none, wanted, waitingOf(wanted, none), { x: 0, y: 0 }, boxOf)).toBe(none);
  });
});
