/**
 * The Accounts panel in Chromium: the aliyun CLI profiles offered by name (read by the host from
 * the CLI's own config file), a picked profile written into the document, a sketch's account UID
 * edited with every reference following as one undoable step, and an AccessKey typed once and
 * stored as an aliyun CLI profile — whose secret is then nowhere but that file: not in the saved
 * document, not in the autosave, not in the host's output, not in the page, not in the renderer's
 * memory (a V8 heap snapshot after garbage collection).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, openDiagram, SKIP_E2E, type AppSession } from './harness';

const A = '1231579085529123';
const B = '1564982317654321';
const NEW_B = '1999888877776666';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const KEY_ID = 'FAKEtypedOnce0042';
const SECRET = 'TypedOnceSecret-e2e-7f3a9c21';

/**
 * Every file under a folder, as text (autosave copies, recent list, keychain files …). The app may
 * be writing meanwhile: an atomic write's temporary file can be renamed away between the listing
 * and the read (its text then sits in a file the listing may have missed), so a pass that meets a
 * vanished file starts again rather than skip it.
 */
function allText(dir: string): string {
  for (let attempt = 1; ; attempt++) {
    try {
      let out = '';
      for (const name of readdirSync(dir, { recursive: true }) as string[]) {
        const path = join(dir, name);
        if (statSync(path).isFile()) out += readFileSync(path, 'utf8');
      }
      return out;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 10) throw error;
    }
  }
}

async function heapSnapshot(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

describe.skipIf(SKIP_E2E)('accounts and credentials in Chromium', () => {
  let app: AppSession;
  let page: Page;
  let home: string;
  const configFile = () => join(home, '.aliyun', 'config.json');
  const saved = () =>
    JSON.parse(readFileSync(app.docPath, 'utf8')) as {
      accounts: { accountId: string; profile?: string }[];
      vpcs: { vpcId: string; accountId: string }[];
      routerInterfaces: { accountId: string; oppositeInterfaceOwnerId?: string }[];
    };
  const save = async () => {
    const before = readFileSync(app.docPath, 'utf8');
    await page.getByTestId('cmd-file.save').click();
    await expect.poll(() => readFileSync(app.docPath, 'utf8') !== before).toBe(true);
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'vpclink-e2e-home-'));
    mkdirSync(join(home, '.aliyun'));
    writeFileSync(
      configFile(),
      JSON.stringify({
        current: 'prod-a',
        profiles: [
          {
            name: 'prod-a',
            mode: 'AK',
            access_key_id: 'FAKEprofileA001',
            access_key_secret: 'profileSecretA1',
            region_id: 'cn-qingdao',
          },
          { name: 'sso-team', mode: 'CloudSSO' },
        ],
      }),
      { mode: 0o600 },
    );
    // No keys from the environment of whoever runs the tests (empty counts as unset, as for the aliyun CLI).
    const noKeys = { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '', ALIBABA_CLOUD_PROFILE: '' };
    app = await openDiagram('cross-account', { env: { HOME: home, ...noKeys } });
    page = app.page;
    await page.getByTestId('tab-accounts').click();
    await page.getByTestId('accounts-panel').waitFor();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('offers the aliyun CLI profiles by name and writes the picked one into the document', async () => {
    await page.getByTestId(`account-credentials-${A}`).click();
    const picker = page.getByTestId('cred-profile');
    await picker.waitFor();
    const offered = await picker.locator('option').allInnerTexts();
    // The CloudSSO profile is one vpclink cannot use: not offered.
    expect(offered).toEqual(['prod-a (AK, cn-qingdao)']);
    await picker.selectOption('prod-a');
    await page.getByTestId('cred-use').click();
    await expect
      .poll(() => page.getByTestId(`account-credentials-${A}`).innerText())
      .toBe('aliyun CLI profile "prod-a"');
    await save();
    expect(saved().accounts.find((a) => a.accountId === A)?.profile).toBe('prod-a');
  }, 60_000);

  it('edits an account UID: its VPCs and both router interfaces follow, one undo restores all', async () => {
    const uid = page.getByTestId(`account-uid-${B}`);
    await uid.fill(A);
    await expect
      .poll(() => page.locator('[role=alert]').allInnerTexts())
      .toContain(`${A} is already another account of this document`);
    await uid.fill(NEW_B);
    await uid.press('Enter');
    await page.getByTestId(`account-row-${NEW_B}`).waitFor();
    await save();
    const doc = saved();
    expect(doc.accounts.map((a) => a.accountId)).toEqual([A, NEW_B]);
    expect(doc.vpcs.find((v) => v.vpcId === VPC2)?.accountId).toBe(NEW_B);
    expect(doc.routerInterfaces.map((r) => [r.accountId, r.oppositeInterfaceOwnerId])).toEqual([
      [A, NEW_B],
      [NEW_B, A],
    ]);
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await page.getByTestId(`account-row-${B}`).waitFor();
    await save();
    expect(saved().vpcs.find((v) => v.vpcId === VPC2)?.accountId).toBe(B);
    expect(saved().routerInterfaces.map((r) => r.oppositeInterfaceOwnerId)).toEqual([B, A]);
  }, 60_000);

  it('stores an AccessKey typed once as an aliyun CLI profile; the secret is nowhere else', async () => {
    await page.getByTestId(`account-credentials-${B}`).click();
    await page.getByTestId('cred-kind').selectOption('accessKey');
    await page.getByTestId('cred-key-id').fill(KEY_ID);
    await page.getByTestId('cred-key-secret').fill(SECRET);
    await page.getByTestId('cred-region').selectOption('cn-beijing');
    await app.shot('accounts-access-key');
    await page.getByTestId('cred-store-key').click();
    await expect
      .poll(() => page.getByTestId(`account-credentials-${B}`).innerText())
      .toBe(`aliyun CLI profile "vpclink-${B}"`);
    await clickPane(page);
    await app.shot('accounts-panel');

    // Stored where the aliyun CLI keeps it: a 0600 file, next to the user's other profiles.
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(configFile(), 'utf8')) as {
      current: string;
      profiles: Record<string, string>[];
    };
    expect(config.current).toBe('prod-a');
    expect(config.profiles.map((p) => p.name)).toEqual(['prod-a', 'sso-team', `vpclink-${B}`]);
    expect(config.profiles[2]).toMatchObject({
      mode: 'AK',
      access_key_id: KEY_ID,
      access_key_secret: SECRET,
      region_id: 'cn-beijing',
    });

    // The document names the profile, nothing more.
    await save();
    const text = readFileSync(app.docPath, 'utf8');
    expect(saved().accounts.find((a) => a.accountId === B)?.profile).toBe(`vpclink-${B}`);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(KEY_ID);
    expect(allText(join(app.work, 'config'))).not.toContain(SECRET);
    expect(app.hostOutput()).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET);
    const heap = await heapSnapshot(page);
    expect(heap.length).toBeGreaterThan(100_000);
    // The snapshot holds what the stores hold: the unusable profile's name is only in the Accounts store …
    expect(heap).toContain('sso-team');
    expect(heap).not.toContain(SECRET); // … but not the secret
  }, 60_000);

  it('checks the caller identity and says in words why it cannot (no keys in the environment)', async () => {
    await page.getByTestId(`account-credentials-${A}`).click();
    await page.getByTestId('cred-kind').selectOption('environment');
    await page.getByTestId('cred-use').click();
    await expect
      .poll(() => page.getByTestId(`account-credentials-${A}`).innerText())
      .toBe('environment variables (ALIBABA_CLOUD_ACCESS_KEY_ID …)');
    await page.getByTestId(`account-check-${A}`).click();
    const failed = page.getByTestId(`account-row-${A}`).getByTestId('identity-failed');
    await failed.waitFor();
    expect(await failed.innerText()).toBe('✖ no usable credentials');
    expect(await failed.getAttribute('title')).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  }, 60_000);

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
