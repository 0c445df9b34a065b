/**
 * The first render of a document in real Chromium: the VPCs and their links arrive in the same
 * frame (each VPC node carries its handles, so React Flow need not measure the nodes before it can
 * draw an edge), and the handles given with the node are where React Flow measures them afterwards.
 *
 * Skipped only when Chromium is absent AND this is not CI; on CI it must run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vpcHandles } from '../../renderer/canvas/nodes';
import { openApp, SKIP_E2E, type AppSession } from './harness';

/** Runs before the page's scripts: every animation frame, the counts of drawn VPCs and edges when they change. */
const FRAME_RECORDER = `(() => {
  const frames = [];
  window.__drawnFrames = frames;
  let last = '';
  const tick = () => {
    const vpcs = document.querySelectorAll('.react-flow__node-vpc').length;
    const edges = document.querySelectorAll('.react-flow__edge').length;
    if (vpcs + '/' + edges !== last) {
      last = vpcs + '/' + edges;
      frames.push({ vpcs, edges });
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

describe.skipIf(SKIP_E2E)('first render of a document in Chromium', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp('cross-account');
    // Again from the start, with the recorder installed before the app's own scripts.
    await app.page.addInitScript(FRAME_RECORDER);
    await app.page.goto(app.url);
    await app.page.locator('.react-flow__node-vpc').nth(1).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('draws the VPCs and their router-interface link in the same frame', async () => {
    await expect
      .poll(() => app.page.evaluate(() => document.querySelectorAll('.react-flow__edge').length))
      .toBeGreaterThan(0);
    const frames = (await app.page.evaluate('window.__drawnFrames')) as { vpcs: number; edges: number }[];
    const first = frames.find((f) => f.vpcs > 0);
    expect(first).toEqual({ vpcs: 2, edges: 1 });
  });

  it('gives each VPC the handles React Flow measures on it (within a pixel)', async () => {
    const measured = await app.page.locator('.react-flow__node-vpc').evaluateAll((nodes) => {
      const viewport = document.querySelector('.react-flow__viewport')!;
      const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).m22;
      return nodes.map((node) => {
        const box = node.getBoundingClientRect();
        // As React Flow's getHandleBounds: relative to the node, in diagram units.
        const handles = [...node.querySelectorAll<HTMLElement>('.react-flow__handle')].map((h) => {
          const r = h.getBoundingClientRect();
          return {
            id: h.dataset.handleid,
            x: (r.left - box.left) / zoom,
            y: (r.top - box.top) / zoom,
            width: h.offsetWidth,
            height: h.offsetHeight,
          };
        });
        return {
          width: parseFloat((node as HTMLElement).style.width),
          height: parseFloat((node as HTMLElement).style.height),
          handles,
        };
      });
    });
    expect(measured).toHaveLength(2);
    for (const node of measured) {
      const given = vpcHandles(node.width, node.height);
      expect(node.handles.map((h) => h.id).sort()).toEqual(given.map((h) => h.id).sort());
      for (const h of node.handles) {
        const want = given.find((g) => g.id === h.id)!;
        expect(Math.abs(h.x - want.x), `${h.id} x`).toBeLessThanOrEqual(1);
        expect(Math.abs(h.y - want.y), `${h.id} y`).toBeLessThanOrEqual(1);
        expect(h.width).toBe(want.width);
        expect(h.height).toBe(want.height);
      }
    }
  });

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
