/**
 * The ping panel never shows a verdict for anything but what is on screen: between a new question
 * (or an edit drawn before its verdict) and the simulator's answer it says "Checking…"
 * (data-verdict "pending"), never the previous answer; nor does the canvas draw the previous
 * answer's path or its blockers next to the new question. Every change of the page is recorded
 * in the page, as the user would have seen it, together with the question then shown.
 *
 * Skipped only when Chromium is absent AND this is not CI; on CI it must run.
 */
import { describe, expect, it } from 'vitest';
import { appForSuite, SKIP_E2E } from './harness';

// Example IDs (examples/cross-account.vpclink.json): A → B is reachable.
const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';

/**
 * Every mutation of the page: the destination shown, the verdict shown with it, and what the canvas
 * marks as the check's path or blockers (each marked element by its test ID or link ID, with its mark).
 */
const RECORDER = `(() => {
  const seen = [];
  window.__verdicts = seen;
  const marked = () =>
    [...document.querySelectorAll('[data-testid=canvas] [class*="path-"], [data-testid=canvas] [data-testid^="graph-blockers-"]')]
      .map((el) => {
        const name = el.getAttribute('data-testid') || el.closest('[data-id]')?.getAttribute('data-id') || el.tagName;
        const mark = (el.getAttribute('class') || '').match(/path-[a-z]+/);
        return name + (mark ? ' ' + mark[0] : '');
      })
      .sort()
      .join(', ');
  new MutationObserver(() => {
    const to = document.querySelector('[data-testid=ping-to]');
    const verdict = document.querySelector('[data-testid=verdict]');
    seen.push({ to: to ? to.value : null, verdict: verdict ? verdict.getAttribute('data-verdict') : null, marked: marked() });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

describe.skipIf(SKIP_E2E)('the verdict shown is that of the question and document shown (Chromium)', () => {
  const session = appForSuite('cross-account');

  it('a new destination shows "Checking…", never the previous destination verdict or path, until its own', async () => {
    const { page } = session();
    await page.getByTestId('tab-ping').click();
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill(INSTANCE_B);
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
    // A → B's path is drawn on the canvas (B itself on it), so drawing it later would be seen.
    await expect.poll(() => page.getByTestId(`instance-${INSTANCE_B}`).getAttribute('class')).toMatch(/path-/);
    await page.evaluate(RECORDER);
    // An address nothing in the document holds: not the verdict of A → B.
    const elsewhere = '10.250.1.1';
    await page.getByTestId('ping-to').fill(elsewhere);
    await expect
      .poll(() => page.getByTestId('verdict').getAttribute('data-verdict'))
      .not.toMatch(/^(reachable|pending)$/);
    const answer = await page.getByTestId('verdict').getAttribute('data-verdict');
    const seen = (await page.evaluate('window.__verdicts')) as {
      to: string | null;
      verdict: string | null;
      marked: string;
    }[];
    const withNewQuestion = seen.filter((s) => s.to === elsewhere);
    expect(withNewQuestion.length).toBeGreaterThan(0);
    for (const state of withNewQuestion) expect(['pending', answer]).toContain(state.verdict);
    // The answer, once there, is shown as a verdict (not left as "Checking…").
    expect(await page.getByTestId('verdict').innerText()).not.toContain('Checking');
    // The canvas: nothing marked while the panel says "Checking…", then the new answer's marks only
    // (B is not on the way to an address nothing holds).
    const finalMarks = (await page.evaluate('window.__verdicts.at(-1).marked')) as string;
    expect(finalMarks).not.toContain(`instance-${INSTANCE_B}`);
    expect(withNewQuestion.some((s) => s.verdict === 'pending')).toBe(true);
    for (const state of withNewQuestion)
      expect({ verdict: state.verdict, marked: state.marked }).toEqual({
        verdict: state.verdict,
        marked: state.verdict === 'pending' ? '' : finalMarks,
      });
  }, 60_000);

  it("the matrix of another protocol is never shown as the current one's", async () => {
    const { page } = session();
    await page.getByTestId('tab-matrix').click();
    const panel = page.getByTestId('matrix-panel');
    await expect.poll(() => panel.getAttribute('data-current')).toBe('true');
    const before = await panel.locator('.matrix-bar .dim').innerText();
    await page.evaluate(MATRIX_RECORDER);
    await panel.getByTestId('ping-protocol').selectOption('udp');
    await expect.poll(() => panel.getAttribute('data-current')).toBe('true');
    const after = await panel.locator('.matrix-bar .dim').innerText();
    const seen = (await page.evaluate('window.__matrixStates')) as {
      protocol: string;
      current: string;
      text: string;
    }[];
    const withUdp = seen.filter((s) => s.protocol === 'udp');
    expect(withUdp.length).toBeGreaterThan(0);
    // The two counts differ, so showing ICMP's under UDP would be seen.
    expect(after).not.toBe(before);
    // Every state the user could see with UDP picked: "computing", or UDP's own count.
    for (const state of withUdp)
      expect(state.text).toBe(state.current === 'true' ? after : 'Computing the matrix of the version on screen…');
  }, 60_000);
});

/** Every mutation of the matrix panel: the protocol picked, whether the matrix is current, the count shown. */
const MATRIX_RECORDER = `(() => {
  const seen = [];
  window.__matrixStates = seen;
  new MutationObserver(() => {
    const panel = document.querySelector('[data-testid=matrix-panel]');
    if (!panel) return;
    seen.push({
      protocol: panel.querySelector('[data-testid=ping-protocol]').value,
      current: panel.getAttribute('data-current'),
      text: panel.querySelector('.matrix-bar .dim').innerText,
    });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;
