/**
 * UI bench: the L document in browser mode (`vpclink serve FILE --port 0 --json`) in real
 * Chromium (playwright-core, the Debian package). Measures the time from navigation to the first
 * full render (React Flow viewport present and the number of drawn nodes settled), the frame
 * times (requestAnimationFrame deltas) during a scripted drag-pan and wheel, and edit → verdict
 * on screen: a pair the simulator finds blocked by one fixable blocker is asked in the ping panel,
 * then its Fix button and Undo are clicked in turn; each click to the frame that shows the new verdict,
 * and the simulator worker's compute for that verdict (the app's own User Timing mark).
 *
 * Anything not ready (no chromium, `serve` still a placeholder, no React Flow canvas) makes every
 * UI figure "n/a (…)" instead of failing the whole run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocumentText } from '../simulator/document/load';
import { createReachability } from '../simulator/reach';
import { generateDocumentText } from './generate';
import { type Figure, errorText, median, na, percentile } from './lib/measure';
import { UI_ROWS, type UiRowKey } from './rows';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Page scripts are plain strings: functions passed to page.evaluate would carry tsx's `__name`
// helper, which does not exist in the page.

/**
 * Installed before the page's own scripts (a DevTools init script, which the page's CSP does not
 * govern). Every animation frame it counts the drawn nodes and edges and notes when that pair last
 * changed (ms since navigation start), so the figure is taken in the page: the harness's polling,
 * slow on a loaded machine, never adds to it. Edges count too: nodes without their links are a
 * partial paint. The time noted is the start of the NEXT frame: a requestAnimationFrame callback
 * runs before its frame's style, layout, React Flow's measuring (ResizeObserver) and paint, so the
 * frame that first holds the final counts is only on screen when the one after it begins.
 * `window.__benchDrawn.stop = true` ends it (before the pan is measured).
 */
const DRAWN_RECORDER_SCRIPT = `(() => {
  const drawn = { nodes: -1, edges: -1, changedAt: 0, stableFrames: 0, now: 0, stop: false, painting: false };
  window.__benchDrawn = drawn;
  // Live collections: their length is kept by the DOM and recounted only after a change. Two
  // querySelectorAll a frame matched the whole page each time: ~38 ms of the UI thread's CPU in a
  // profile of an L first render on a busy machine, the measurement slowing what it measured.
  const liveNodes = document.getElementsByClassName('react-flow__node');
  const liveEdges = document.getElementsByClassName('react-flow__edge');
  const tick = () => {
    if (drawn.stop) return;
    const nodes = liveNodes.length;
    const edges = liveEdges.length;
    const now = performance.now();
    if (drawn.painting) {
      // The frame that first held these counts has been drawn: it is on screen now.
      drawn.changedAt = now;
      drawn.painting = false;
    }
    if (nodes !== drawn.nodes || edges !== drawn.edges) {
      drawn.nodes = nodes;
      drawn.edges = edges;
      drawn.changedAt = now;
      drawn.painting = true;
      drawn.stableFrames = 0;
    } else drawn.stableFrames++;
    drawn.now = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Settled = nodes drawn and the counts of nodes and edges unchanged for 30 frames and 500 ms. */
const SETTLED_SCRIPT = `(() => {
  const d = window.__benchDrawn;
  return d && d.nodes > 0 && d.stableFrames >= 30 && d.now - d.changedAt >= 500
    ? { nodes: d.nodes, edges: d.edges, at: d.changedAt }
    : null;
})()`;

/** An empty spot of the pane, so the drag pans instead of moving a node. */
const EMPTY_SPOT_SCRIPT = `(() => {
  const pane = document.querySelector('.react-flow__pane') || document.querySelector('.react-flow');
  if (!pane) return null;
  const box = pane.getBoundingClientRect();
  for (let y = box.top + 20; y < box.bottom - 20; y += 25) {
    for (let x = box.left + 20; x < box.right - 320; x += 25) {
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.classList.contains('react-flow__pane')) return { x, y };
    }
  }
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
})()`;

/** Records requestAnimationFrame deltas into window.__benchFrames until window.__benchStop. */
const FRAMES_START_SCRIPT = `(() => {
  window.__benchFrames = [];
  window.__benchStop = false;
  let prev = 0;
  const tick = (now) => {
    window.__benchFrames.push(now - prev);
    prev = now;
    if (!window.__benchStop) requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => { prev = now; requestAnimationFrame(tick); });
})()`;

/**
 * Clicks `selector` and resolves with the ms from the click to the start of the frame that first
 * shows a different verdict (the ping panel's data-verdict; "pending", its "Checking…", is none), and the simulator worker's compute
 * time for that verdict (the app's 'vpclink:verdict' User Timing mark, renderer/sim/simStore.ts:
 * document delta applied, index updated by the simulator's `update`, check); null after 10 s.
 */
const EDIT_TO_SCREEN_SCRIPT = (selector: string) => `new Promise((resolve) => {
  const verdict = () => document.querySelector('[data-testid=verdict]')?.getAttribute('data-verdict') ?? null;
  const before = verdict();
  const button = document.querySelector(${JSON.stringify(selector)});
  if (!button) return resolve(null);
  performance.clearMarks('vpclink:verdict');
  const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 10000);
  const observer = new MutationObserver(() => {
    // 'pending': the panel says the version on screen is being checked; that is no verdict yet.
    if (verdict() === before || verdict() === 'pending') return;
    observer.disconnect();
    clearTimeout(timer);
    requestAnimationFrame(() => {
      const ms = performance.now() - started;
      const mark = performance.getEntriesByName('vpclink:verdict').at(-1);
      const detail = mark?.detail ?? {};
      resolve({ ms, computeMs: typeof detail.computeMs === 'number' ? detail.computeMs : null, split: detail });
    });
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-verdict'] });
  const started = performance.now();
  button.click();
})`;

/** Fix and Undo clicks measured each (10 edits). */
const EDIT_ROUNDS = 5;

/** A pair whose only blocker has a fix (the simulator's own answer on the same document), or null. */
function fixablePair(text: string): { from: string; to: string } | null {
  const loaded = loadDocumentText(text);
  if (loaded.kind !== 'ok') return null;
  const doc = loaded.document;
  const reach = createReachability(doc);
  const ids = doc.instances.map((i) => i.instanceId);
  for (let n = 0; n < Math.min(ids.length * 4, 4000); n++) {
    const from = ids[(n * 7919) % ids.length]!;
    const to = ids[(n * 104_729 + 13) % ids.length]!;
    if (from === to) continue;
    const result = reach.check({ from, to, protocol: 'icmp', port: null });
    if ('kind' in result) continue;
    if (result.verdict === 'unreachable' && result.blockers.length === 1 && (result.blockers[0]!.fix?.length ?? 0) > 0)
      return { from, to };
  }
  return null;
}

type Emit = (event: { key: UiRowKey; figure: Figure } | { phase: UiRowKey }) => void;

export async function runUiBench(options: { seed?: number; size?: 'S' | 'M' | 'L' | 'XL' }, emit: Emit): Promise<void> {
  const fail = (reason: string) => {
    for (const row of UI_ROWS) emit({ key: row.key, figure: na(reason) });
  };
  if (!existsSync(CHROMIUM)) return fail('n/a (chromium not installed: apt-get install -y chromium)');
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-ui-bench-'));
  let server: ChildProcess | undefined;
  try {
    const file = join(dir, 'L.vpclink.json');
    const text = generateDocumentText(options.size ?? 'L', options.seed ?? 1);
    writeFileSync(file, text);
    // Its own config folder (removed with `dir`): the edits' autosaves (8 MB each on L) and the
    // recent files stay out of the user's, and no earlier run's autosave is offered as recovered.
    const started = await startServe(file, join(dir, 'config'));
    if (started.kind === 'error') return fail(started.reason);
    server = started.child;
    await measure(started.url, join(dir, 'profile'), fixablePair(text), emit, fail);
  } catch (error) {
    fail(`n/a (${errorText(error)})`);
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker's compute split (renderer/sim/protocol.ts `VerdictTiming`), ms. */
const SPLIT_STEPS = [
  ['readMs', 'message read'],
  ['deltaMs', 'delta applied'],
  ['indexMs', 'index update'],
  ['traceMs', 'trace'],
] as const;

type EditTiming = {
  readonly ms: number;
  readonly computeMs: number | null;
  readonly split: Partial<Record<(typeof SPLIT_STEPS)[number][0], number>>;
} | null;

/** Edit → verdict on screen, and the worker's compute for it (median of the edits). */
async function editToScreen(
  page: import('playwright-core').Page,
  pair: { from: string; to: string } | null,
): Promise<{ screen: Figure; compute: Figure }> {
  const fail = (reason: string) => ({ screen: na(reason), compute: na(reason) });
  if (!pair) return fail('n/a (no pair with one fixable blocker in the document)');
  await page.getByTestId('tab-ping').click();
  await page.getByTestId('ping-from').fill(pair.from);
  await page.getByTestId('ping-to').fill(pair.to);
  try {
    await page.locator('[data-testid=verdict][data-verdict=unreachable]').waitFor({ timeout: 30_000 });
    await page.getByTestId('fix-button').first().waitFor({ timeout: 10_000 });
  } catch {
    return fail(`n/a (the ping panel showed no fixable verdict for ${pair.from} → ${pair.to})`);
  }
  const times: number[] = [];
  const computes: number[] = [];
  const splits: EditTiming[] = [];
  for (let round = 0; round < EDIT_ROUNDS; round++) {
    // Each edit starts from a quiet app: the worker has validated the previous version and the
    // autosave (1.5 s after a change) has run.
    await page.waitForTimeout(2500);
    const fixed = (await page.evaluate(EDIT_TO_SCREEN_SCRIPT('[data-testid=fix-button]'))) as EditTiming;
    await page.waitForTimeout(2500);
    const undone = (await page.evaluate(EDIT_TO_SCREEN_SCRIPT('[data-testid="cmd-edit.undo"]'))) as EditTiming;
    if (fixed === null || undone === null) return fail('n/a (the verdict did not change within 10 s of an edit)');
    times.push(fixed.ms, undone.ms);
    for (const t of [fixed, undone]) if (t.computeMs !== null) computes.push(t.computeMs);
    splits.push(fixed, undone);
  }
  // Where the worker's time went (median of each step over the edits), for the compute row's note.
  const split = SPLIT_STEPS.map(([key, label]) => {
    const values = splits.flatMap((t) => (typeof t?.split[key] === 'number' ? [t.split[key]] : []));
    return values.length > 0 ? `${label} ${median(values).toFixed(2)}` : null;
  }).filter((s) => s !== null);
  return {
    screen: {
      kind: 'time',
      ms: median(times),
      note: `median of ${times.length} edits (Fix, Undo); max ${Math.round(Math.max(...times))} ms`,
    },
    compute:
      computes.length === times.length
        ? {
            kind: 'time',
            ms: median(computes),
            note: `median of ${computes.length}; max ${Math.max(...computes).toFixed(1)} ms${split.length > 0 ? `; ${split.join(', ')} ms` : ''}`,
          }
        : na('n/a (the app marked no worker compute time for a verdict)'),
  };
}

/**
 * Waits until Chromium's own start-up work is done: its processes (every one carries the profile
 * folder on its command line) used at most 20 ms of CPU over the last half second, or 15 s passed.
 * A freshly launched Chromium keeps ~1 s of CPU busy for a second or two after launch resolves (its
 * "WebUI Top Renderer" loads the omnibox popup's hundreds of modules): navigating at once, that
 * renderer took ~1.5 s of CPU during the app's first render in a trace, on 2 cores a good part of
 * one, and the figure measured Chromium's start-up as much as the app's. The Electron app has no
 * omnibox. Where /proc cannot be read the wait is skipped.
 */
async function chromiumSettled(profileDir: string): Promise<void> {
  const cpuTicks = (): number | null => {
    let ticks = 0;
    let seen = false;
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return null;
    }
    for (const pid of pids) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profileDir)) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
        seen = true;
      } catch {
        // the process ended between the listing and the read
      }
    }
    return seen ? ticks : null;
  };
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  const samples: number[] = [];
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const ticks = cpuTicks();
    if (ticks === null) return;
    samples.push(ticks);
    // Five samples 100 ms apart: the last half second.
    if (samples.length > 5 && (ticks - samples[samples.length - 6]!) * TICK_MS <= 20) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startServe(
  file: string,
  configDir: string,
): Promise<{ kind: 'ok'; url: string; child: ChildProcess } | { kind: 'error'; reason: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'cli/vpclink.js'), 'serve', file, '--port', '0', '--json'], {
    cwd: ROOT,
    env: { ...process.env, XDG_CONFIG_HOME: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
    if (line) {
      try {
        const url = (JSON.parse(line) as { url?: unknown }).url;
        if (typeof url === 'string') return { kind: 'ok', url, child };
      } catch {
        // a partial line; keep reading
      }
    }
    if (child.exitCode !== null) {
      const why = stderr.split('\n').find((l) => l.trim() && !l.startsWith('npm warn')) ?? `exit ${child.exitCode}`;
      return { kind: 'error', reason: `n/a (UI not ready: serve exited: ${why.trim().slice(0, 80)})` };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  return { kind: 'error', reason: 'n/a (UI not ready: serve printed no URL within 150 s)' };
}

async function measure(
  url: string,
  profileDir: string,
  pair: { from: string; to: string } | null,
  emit: Emit,
  fail: (reason: string) => void,
): Promise<void> {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
  });
  try {
    await chromiumSettled(profileDir);
    const page = context.pages()[0] ?? (await context.newPage());
    // The first console error or page error explains an empty canvas (e.g. a failed layout).
    let firstError: string | undefined;
    page.on('console', (message) => {
      if (message.type() === 'error' && firstError === undefined)
        firstError = message.text().split('\n')[0]!.slice(0, 100);
    });
    page.on('pageerror', (error) => {
      firstError ??= String(error).split('\n')[0]!.slice(0, 100);
    });
    emit({ phase: 'uiFirstRender' });
    await page.addInitScript(DRAWN_RECORDER_SCRIPT);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const deadline = Date.now() + 90_000;
    let drawn = false;
    while (!drawn && Date.now() < deadline && firstError === undefined) {
      drawn = (await page.evaluate(
        "document.querySelector('.react-flow__viewport') !== null && document.querySelectorAll('.react-flow__node').length > 0",
      )) as boolean;
      if (!drawn) await page.waitForTimeout(100);
    }
    if (!drawn)
      return fail(
        firstError !== undefined
          ? `n/a (UI: no nodes drawn; console error: ${firstError})`
          : 'n/a (UI not ready: no React Flow nodes within 90 s)',
      );
    // The render time is the frame in which the final counts of nodes and edges were first drawn,
    // measured in the page from navigation start (DRAWN_RECORDER_SCRIPT).
    type Settled = { nodes: number; edges: number; at: number } | null;
    let settled: Settled = null;
    while (!settled && Date.now() < deadline) {
      settled = (await page.evaluate(SETTLED_SCRIPT)) as Settled;
      if (!settled) await page.waitForTimeout(100);
    }
    await page.evaluate('window.__benchDrawn.stop = true');
    if (!settled) return fail('n/a (UI: the drawn nodes and edges did not settle within 90 s)');
    emit({
      key: 'uiFirstRender',
      figure: {
        kind: 'time',
        ms: settled.at,
        note: `navigation → nodes and edges settled (${settled.edges} edges)`,
      },
    });
    emit({ key: 'uiNodesDrawn', figure: { kind: 'count', value: settled.nodes, unit: 'nodes' } });

    emit({ phase: 'uiPanFrameMedian' });
    // An empty spot of the pane, so the drag pans instead of moving a node.
    const start = (await page.evaluate(EMPTY_SPOT_SCRIPT)) as { x: number; y: number } | null;
    if (!start) return fail('n/a (UI not ready: no React Flow pane)');
    // The drag and the wheel are timed apart: a drag moves the view only, while the wheel crosses
    // into vSwitch and instance detail and back, which mounts hundreds of nodes. Mixed into one
    // percentile, the share of each decided the p95 (a faster drag records fewer frames).
    await page.evaluate(FRAMES_START_SCRIPT);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(start.x + i * 10, start.y + i * 6);
    for (let i = 59; i >= 0; i--) await page.mouse.move(start.x + i * 10, start.y + i * 6);
    await page.mouse.up();
    const drag = (await page.evaluate('window.__benchStop = true, window.__benchFrames')) as number[];
    if (drag.length < 5) return fail('n/a (fewer than 5 frames recorded while panning)');
    const dragNote = `${drag.length} frames`;
    emit({ key: 'uiPanFrameMedian', figure: { kind: 'time', ms: median(drag), note: dragNote } });
    emit({ key: 'uiPanFrameP95', figure: { kind: 'time', ms: percentile(drag, 95), note: dragNote } });
    emit({ key: 'uiPanFrameMax', figure: { kind: 'time', ms: Math.max(...drag), note: dragNote } });

    emit({ phase: 'uiZoomFrameP95' });
    await page.evaluate(FRAMES_START_SCRIPT);
    // Ten notches in, then ten back out, ending at the zoom the view started at. (Out first, the view
    // of L opens one notch above React Flow's minimum zoom: the way out stopped at the minimum and the
    // way back ended 4.9× closer in than it started, in vSwitch and instance detail never left.)
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, i < 10 ? -120 : 120);
      await page.waitForTimeout(16);
    }
    const wheel = (await page.evaluate('window.__benchStop = true, window.__benchFrames')) as number[];
    if (wheel.length < 5) return fail('n/a (fewer than 5 frames recorded while zooming)');
    const wheelNote = `${wheel.length} frames`;
    emit({ key: 'uiZoomFrameP95', figure: { kind: 'time', ms: percentile(wheel, 95), note: wheelNote } });
    emit({ key: 'uiZoomFrameMax', figure: { kind: 'time', ms: Math.max(...wheel), note: wheelNote } });

    emit({ phase: 'uiEditToScreen' });
    const edit = await editToScreen(page, pair);
    emit({ key: 'uiEditToScreen', figure: edit.screen });
    emit({ key: 'uiEditCompute', figure: edit.compute });
  } finally {
    await context.close();
  }
}
