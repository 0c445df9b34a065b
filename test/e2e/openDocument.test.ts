/**
 * Opening documents in real Chromium, where the text is parsed in the simulator worker
 * (renderer/sim/documentLoader.ts) rather than on the UI thread: a document with a schema error
 * is refused with a notice naming the field, the diagram and title stay those of the open
 * document; a valid one is drawn and its verdicts come from the worker's own copy of it.
 *
 * Skipped only when Chromium is absent AND this is not CI; on CI it must run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadDocumentText } from '../../simulator/document/load';
import { createReachability } from '../../simulator/reach';
import { appForSuite, ROOT, SKIP_E2E } from './harness';

/** Types `path` into File › Open. */
async function openTyped(page: Page, path: string): Promise<void> {
  await page.getByTestId('cmd-file.open').click();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-input').press('Enter');
}

const example = (name: string) => readFileSync(join(ROOT, 'examples', `${name}.vpclink.json`), 'utf8');

describe.skipIf(SKIP_E2E)('opening a document (Chromium)', () => {
  const session = appForSuite('cross-account');

  it('refuses a document with a schema error, naming the field, and keeps the open one', async () => {
    const app = session();
    const { page } = app;
    await page.locator('.react-flow__node-vpc').nth(1).waitFor({ timeout: 30_000 });
    const doc = JSON.parse(example('peering')) as { vpcs: { cidrBlock: unknown }[] };
    doc.vpcs[1]!.cidrBlock = 42;
    const path = join(app.work, 'broken.vpclink.json');
    writeFileSync(path, JSON.stringify(doc, null, 2));
    const title = await page.getByTestId('doc-title').innerText();
    await openTyped(page, path);
    const notice = page.locator('.notice-error').filter({ hasText: 'broken.vpclink.json' });
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/not a valid topology document: \/vpcs\/1\/cidrBlock /);
    expect(await page.getByTestId('doc-title').innerText()).toBe(title);
    expect(await page.locator('.react-flow__node-vpc').count()).toBe(2);
    // The dialog stays, to correct the path; the user closes it.
    await page.getByTestId('open-dialog').press('Escape');
    await page.getByTestId('open-dialog').waitFor({ state: 'detached' });
  }, 60_000);

  it('draws a valid document, and the ping panel gives the verdict of the simulator on it', async () => {
    const app = session();
    const { page } = app;
    const path = join(app.work, 'peering.vpclink.json');
    writeFileSync(path, example('peering'));
    await openTyped(page, path);
    await page.getByTestId('doc-title').filter({ hasText: 'peering' }).waitFor();
    const loaded = loadDocumentText(example('peering'));
    if (loaded.kind !== 'ok') throw new Error('the peering example does not load');
    const reach = createReachability(loaded.document);
    const ids = loaded.document.instances.map((i) => i.instanceId);
    await page.getByTestId('tab-ping').click();
    for (const [from, to] of [
      [ids[0]!, ids[1]!],
      [ids[1]!, ids.at(-1)!],
    ] as const) {
      const expected = reach.check({ from, to, protocol: 'icmp', port: null });
      if ('kind' in expected) throw new Error(expected.message);
      await page.getByTestId('ping-from').fill(from);
      await page.getByTestId('ping-to').fill(to);
      await page.getByTestId('ping-protocol').selectOption('icmp');
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe(expected.verdict);
    }
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);

  it('a startup document with a schema error (asked and parsed by the worker) gets the notice naming the field', async () => {
    const app = session();
    const { page } = app;
    const doc = JSON.parse(example('cross-account')) as { vpcs: { cidrBlock: unknown }[] };
    doc.vpcs[0]!.cidrBlock = 42;
    writeFileSync(app.docPath, JSON.stringify(doc, null, 2));
    await page.goto(app.url);
    const notice = page.locator('.notice-error').first();
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/not a valid topology document: \/vpcs\/0\/cidrBlock /);
    expect(await page.locator('.react-flow__node-vpc').count()).toBe(0);
  }, 60_000);
});
