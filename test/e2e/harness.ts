/**
 * What the Chromium tests share: build the UI into a private folder, start `vpclink serve` on a copy
 * of an example, open real Chromium (playwright-core + the Debian package) on it, and write
 * screenshots to VPCLINK_SCREENSHOTS (CI keeps that folder) or test-results/screenshots.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const ON_CI = process.env.CI === 'true';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Chromium tests are skipped only when Chromium is absent AND this is not CI; on CI they must run. */
export const SKIP_E2E = !HAVE_CHROMIUM && !ON_CI;
const SHOTS = resolve(ROOT, process.env.VPCLINK_SCREENSHOTS ?? 'test-results/screenshots');

if (SKIP_E2E) {
  console.warn(
    `test/e2e skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium\`); on CI (CI=true) this suite always runs.`,
  );
}

let builtUi: string | null = null;

/** The UI built once per test process into a private folder (removed when the process exits). */
function sharedUi(): string {
  if (builtUi) return builtUi;
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-e2e-ui-'));
  buildUi(dir);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  builtUi = dir;
  return dir;
}

/** Builds the UI into a private folder, so the test never serves a stale or half-written dist/. */
function buildUi(outDir: string): void {
  const result = spawnSync(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Starts `vpclink serve FILE --port 0 --json` and resolves with the URL line it prints. */
function startServe(
  file: string,
  env: NodeJS.ProcessEnv,
  log: string[],
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['cli/vpclink.js', 'serve', file, '--port', '0', '--json'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`vpclink serve printed no URL within 60 s\nstdout: ${out}\nstderr: ${err}`)),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      log.push(chunk.toString());
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolvePromise({ child, url: (JSON.parse(line) as { url: string }).url });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      log.push(chunk.toString());
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vpclink serve exited with ${code}\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

export interface AppSession {
  readonly work: string;
  readonly docPath: string;
  readonly url: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly consoleErrors: string[];
  /** Everything the host (`vpclink serve`) printed to stdout and stderr so far. */
  hostOutput(): string;
  /** Writes `${name}.png` of the page to the screenshot folder. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Serves a copy of `examples/${example}.vpclink.json` and opens it in Chromium. */
export async function openApp(
  example: string,
  options: {
    readonly colorScheme?: 'light' | 'dark';
    /** Extra environment for the host, e.g. HOME with an aliyun CLI config. */
    readonly env?: Readonly<Record<string, string>>;
  } = {},
): Promise<AppSession> {
  const work = mkdtempSync(join(tmpdir(), 'vpclink-e2e-'));
  const uiDir = sharedUi();
  const docPath = join(work, `${example}.vpclink.json`);
  copyFileSync(resolve(ROOT, 'examples', `${example}.vpclink.json`), docPath);
  const hostLog: string[] = [];
  const started = await startServe(
    docPath,
    {
      ...process.env,
      VPCLINK_UI_DIR: uiDir,
      XDG_CONFIG_HOME: join(work, 'config'),
      NO_COLOR: '1',
      ...options.env,
    },
    hostLog,
  );
  const server = started.child;
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // Apply and discard ask with window.confirm: the user says yes.
  page.on('dialog', (d) => void d.accept());
  await page.goto(started.url);
  return {
    work,
    docPath,
    url: started.url,
    context,
    page,
    consoleErrors,
    hostOutput: () => hostLog.join(''),
    async shot(name) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    async close() {
      await context.close();
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** {@link openApp}, then waits until the diagram shows the example's two VPCs. */
export async function openDiagram(example: string, options: Parameters<typeof openApp>[1] = {}): Promise<AppSession> {
  const app = await openApp(example, options);
  await app.page.locator('.react-flow__node-vpc').nth(1).waitFor({ timeout: 30_000 });
  return app;
}

/**
 * Writes `text` to `fileName` in the session's folder and opens it with File › Open, as a user opens
 * a document the examples do not have. Resolves with its path once its title shows.
 */
export async function openWrittenDocument(app: AppSession, fileName: string, text: string): Promise<string> {
  const { page } = app;
  const path = join(app.work, fileName);
  writeFileSync(path, text);
  await page.locator('.react-flow__node-vpc').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('cmd-file.open').click();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-input').press('Enter');
  await page
    .getByTestId('doc-title')
    .filter({ hasText: fileName.replace(/\.vpclink\.json$/, '') })
    .waitFor();
  return path;
}

/** Clicks the empty canvas (focus out of any field, nothing selected). */
export async function clickPane(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
}

/**
 * Serves `example` to the tests of the enclosing `describe`: opened before them (ready once a VPC is
 * drawn), closed after them. Returns the session's getter.
 */
export function appForSuite(
  example: string,
  options: { readonly colorScheme?: 'light' | 'dark' } = {},
): () => AppSession {
  let app: AppSession | undefined;
  beforeAll(async () => {
    app = await openApp(example, options);
    await app.page.locator('.react-flow__node-vpc').first().waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error(`the app on ${example} is not open`);
    return app;
  };
}

/** Drags one element onto another with the mouse, the way a user drops a VPC on another. */
export async function dragTo(page: Page, from: Locator, to: Locator, during?: () => Promise<void>): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 10, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await during?.();
  await page.mouse.up();
}
