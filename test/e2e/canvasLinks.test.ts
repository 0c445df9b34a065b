/**
 * The canvas's own link layer and view in real Chromium (renderer/canvas/LinkLayer.tsx,
 * PanShield.tsx, nodes.tsx VpcNode `.handle-marks`): a link is still a focusable, named element that Enter or a
 * click selects; a drag on the pane moves the view and leaves the diagram answering the pointer; a
 * link ends where React Flow ended an edge, at the middle of the outer side of the VPC's handle; zoomed
 * out to boxes the handles are drawn as marks in the same place and the links still end there.
 *
 * Skipped only when Chromium is absent AND this is not CI; on CI it must run.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { vpcHandles } from '../../renderer/canvas/nodes';
import { appForSuite, clickPane, SKIP_E2E } from './harness';

// examples/cross-account.vpclink.json: two VPCs and one router-interface pair, VPC1's the initiator.
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const PAIR = 'ri:ri-m5e33r3n78zyi5573kf85';

const zoomOf = (page: Page) =>
  page.evaluate(
    () => new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
  );

/** Ten wheel notches over an empty spot of the pane: in (negative) or out (positive). */
async function wheel(page: Page, deltaY: number): Promise<void> {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(pane.x + 12, pane.y + 12);
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, deltaY);
    await page.waitForTimeout(30);
  }
  await expect.poll(() => page.locator('.pan-shield.on').count()).toBe(0);
}

/**
 * The first point of the link's path and where React Flow puts the end of an edge leaving `side` of
 * the node: the middle of the outer side of the handle the node was given (diagram units).
 */
async function linkStart(page: Page, edgeId: string, nodeId: string, side: 'l' | 'r' | 't' | 'b') {
  const found = await page.evaluate(
    ([edgeId, nodeId]) => {
      const d = document
        .querySelector(`.react-flow__edge[data-id="${edgeId}"] .react-flow__edge-path`)!
        .getAttribute('d')!;
      const [x, y] = d
        .replace(/^M\s*/, '')
        .split(/[\s,C]+/)
        .map(Number);
      const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${nodeId}"]`)!;
      const at = new DOMMatrixReadOnly(getComputedStyle(node).transform);
      return { path: { x: x!, y: y! }, node: { x: at.e, y: at.f, width: node.offsetWidth, height: node.offsetHeight } };
    },
    [edgeId, nodeId],
  );
  const handle = vpcHandles(found.node.width, found.node.height).find((h) => h.id === side)!;
  const x = found.node.x + handle.x;
  const y = found.node.y + handle.y;
  const [w, h] = [handle.width!, handle.height!];
  const expected = {
    l: { x, y: y + h / 2 },
    r: { x: x + w, y: y + h / 2 },
    t: { x: x + w / 2, y },
    b: { x: x + w / 2, y: y + h },
  }[side];
  return { path: found.path, expected };
}

/** The centres of `selector` inside the node, relative to it, in diagram units. */
function centres(page: Page, nodeId: string, selector: string) {
  return page.locator(`.react-flow__node[data-id="${nodeId}"]`).evaluate((node: HTMLElement, selector) => {
    const zoom = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
    const box = node.getBoundingClientRect();
    return [...node.querySelectorAll(selector)].map((m) => {
      const r = m.getBoundingClientRect();
      return { x: (r.left + r.width / 2 - box.left) / zoom, y: (r.top + r.height / 2 - box.top) / zoom };
    });
  }, selector);
}

/**
 * The centres of the handle marks of a VPC drawn as a box (canvas.css `.vpc-node.handle-marks::after`:
 * one pseudo-element, a background layer per mark), relative to the node, in diagram units: from
 * the pseudo-element's box and each layer's size and position, as Chromium lays them out.
 */
function markCentres(page: Page, nodeId: string) {
  return page.locator(`.react-flow__node[data-id="${nodeId}"] .vpc-node`).evaluate((vpc: HTMLElement) => {
    const mark = getComputedStyle(vpc, '::after');
    if (mark.content === 'none' || mark.content === 'normal') return [];
    const own = getComputedStyle(vpc);
    const px = (v: string) => parseFloat(v);
    // Absolutely placed from the VPC's padding box; the VPC box fills the node.
    const left = px(own.borderLeftWidth) + px(mark.left);
    const top = px(own.borderTopWidth) + px(mark.top);
    const [width, height] = [px(mark.width), px(mark.height)];
    const sizes = mark.backgroundSize.split(',').map((v) => v.trim().split(/\s+/).map(px));
    return mark.backgroundPosition.split(',').map((position, n) => {
      const [tileW, tileH] = sizes[n] ?? sizes[0]!;
      const [x, y] = position.trim().split(/\s+/);
      const at = (v: string, free: number) => (v.endsWith('%') ? (px(v) / 100) * free : px(v));
      return { x: left + at(x!, width - tileW!) + tileW! / 2, y: top + at(y!, height - tileH!) + tileH! / 2 };
    });
  });
}

describe.skipIf(SKIP_E2E)('the canvas links and view in Chromium', () => {
  const app = appForSuite('cross-account');

  it('a link is a focusable, named element: Enter and a click on its line select the pair', async () => {
    const { page } = app();
    const link = page.locator(`.react-flow__edge[data-id="${PAIR}"]`);
    const line = link.locator('.react-flow__edge-path');
    expect(await link.getAttribute('aria-label')).toMatch(/^Router-interface pair /);
    await link.focus();
    expect(await link.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => line.getAttribute('class')).toMatch(/\bselected\b/);
    await clickPane(page);
    await expect.poll(() => line.getAttribute('class')).not.toMatch(/\bselected\b/);
    // A quarter of the way along the line (the label sits on its middle).
    const point = await line.evaluate((path: SVGPathElement) => {
      const p = path.getPointAtLength(path.getTotalLength() / 4);
      const screen = new DOMPoint(p.x, p.y).matrixTransform(path.getScreenCTM()!);
      return { x: screen.x, y: screen.y };
    });
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => line.getAttribute('class')).toMatch(/\bselected\b/);
    await clickPane(page);
  }, 60_000);

  it('a drag on the pane moves the view; the diagram answers the pointer again once it stops', async () => {
    const { page } = app();
    const at = () =>
      page.evaluate(() => {
        const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
        return { x: m.e, y: m.f };
      });
    const before = await at();
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + 12, pane.y + 12);
    await page.mouse.down();
    await page.mouse.move(pane.x + 62, pane.y + 42, { steps: 5 });
    // While the view moves a sheet takes the pointer: nothing under it is hit-tested.
    expect(
      await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.className, [pane.x + 62, pane.y + 42]),
    ).toBe('pan-shield on');
    // The diagram moves as one layer meanwhile (.canvas.moving), and no longer once the view stops.
    expect(await page.locator('[data-testid=canvas].moving').count()).toBe(1);
    await page.mouse.move(pane.x + 112, pane.y + 72, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.pan-shield.on').count()).toBe(0);
    expect(await page.locator('[data-testid=canvas].moving').count()).toBe(0);
    const after = await at();
    expect(Math.round(after.x - before.x)).toBe(100);
    expect(Math.round(after.y - before.y)).toBe(60);
    // A click on a node selects it; a click on the empty pane clears the selection.
    await page.locator(`.react-flow__node[data-id="${VPC2}"]`).click({ position: { x: 40, y: 12 } });
    await expect.poll(() => page.locator('.inspector .insp-title').innerText()).toBe('VPC2');
    await clickPane(page);
    await expect.poll(() => page.locator('.inspector .insp-title').innerText()).not.toBe('VPC2');
  }, 60_000);

  it('links end at the middle of the handle’s outer side, also zoomed out where handles are drawn as marks', async () => {
    const { page } = app();
    const ends = async () => {
      for (const s of ['l', 'r', 't', 'b'] as const) {
        const { path, expected } = await linkStart(page, PAIR, VPC1, s);
        if (Math.abs(path.x - expected.x) < 0.01 && Math.abs(path.y - expected.y) < 0.01) return s;
      }
      return null;
    };
    // VPC1 initiates the pair: the link leaves one of its sides.
    expect(await ends()).not.toBeNull();
    expect(await page.locator('.react-flow__node-vpc .react-flow__handle').count()).toBe(8);
    const handles = await centres(page, VPC1, '.react-flow__handle');
    // In view and zoomed in, the link has its wide invisible stroke that takes clicks (LinkLayer.tsx).
    const hitStroke = page.locator(`.react-flow__edge[data-id="${PAIR}"] .react-flow__edge-interaction`);
    expect(await hitStroke.count()).toBe(1);

    await wheel(page, 120);
    expect(await zoomOf(page)).toBeLessThan(0.22);
    // Zoomed out to boxes: four marks per VPC instead of React Flow's handles, where the handles were.
    expect(await page.locator('.react-flow__node-vpc .react-flow__handle').count()).toBe(0);
    expect(await page.locator('.react-flow__node-vpc .vpc-node.handle-marks').count()).toBe(2);
    const marks = await markCentres(page, VPC1);
    expect(marks).toHaveLength(4);
    // Lines under a pixel wide: no wide stroke (the line stays focusable and takes clicks on itself).
    expect(await hitStroke.count()).toBe(0);
    await app().shot('canvas-links-zoomed-out-marks');
    for (const handle of handles)
      expect(marks.some((m) => Math.abs(m.x - handle.x) < 0.1 && Math.abs(m.y - handle.y) < 0.1)).toBe(true);
    expect(await ends()).not.toBeNull();

    await wheel(page, -120);
    expect(await page.locator('.react-flow__node-vpc .react-flow__handle').count()).toBe(8);
  }, 60_000);
});
