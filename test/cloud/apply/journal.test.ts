/**
 * JournalWriter's coalesced writes, on real files: concurrent changes share writes, yet every
 * `update` resolves only when the file on disk holds its change (the resume guarantee: a step's
 * "started" record is durable before its mutating call).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalWriter, newJournal, type Journal } from '../../../cloud/apply';
import type { Plan } from '../../../simulator/plan';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function writer(stepCount: number): { w: JournalWriter; path: string } {
  dir = mkdtempSync(join(tmpdir(), 'vpclink-journal-'));
  const path = join(dir, 'doc.journal.json');
  const steps = Array.from({ length: stepCount }, (_, i) => ({ id: `s${i}` }));
  // Only the step IDs matter to the writer; the rest of a plan is carried as is.
  const plan = { steps, routerInterfaceIds: {} } as unknown as Plan;
  return {
    w: new JournalWriter(path, newJournal({ runId: 'r1', operation: 'apply', plan, documentFingerprint: 'f' })),
    path,
  };
}

const onDisk = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Journal;

describe('JournalWriter (coalesced)', () => {
  it('resolves each update only once the file holds it, with far fewer writes than updates', async () => {
    for (const n of [1, 2, 10, 60]) {
      const { w, path } = writer(n);
      const checks = Array.from({ length: n }, (_, i) =>
        w
          .updateStep(`s${i}`, (s) => ({ ...s, state: 'started' }))
          .then(() => {
            // At this moment the file must already record step i as started.
            expect(onDisk(path).steps[`s${i}`]?.state, `n=${n} step ${i}`).toBe('started');
          }),
      );
      await Promise.all(checks);
      // The first change is written at once; all later ones coalesce into one next write.
      expect(w.writeCount, `n=${n}`).toBe(Math.min(n, 2));
      await w.flush();
      expect(Object.values(onDisk(path).steps).every((s) => s.state === 'started')).toBe(true);
      rmSync(dir!, { recursive: true, force: true });
    }
  });

  it('keeps the latest state: changes made while a write is in flight all reach the file', async () => {
    const { w, path } = writer(3);
    const first = w.updateStep('s0', (s) => ({ ...s, state: 'started' }));
    void w.updateStep('s0', (s) => ({ ...s, state: 'succeeded', outputs: { X: '1' } }));
    void w.updateStep('s1', (s) => ({ ...s, state: 'started' }));
    await first;
    await w.flush();
    const j = onDisk(path);
    expect(j.steps.s0).toMatchObject({ state: 'succeeded', outputs: { X: '1' } });
    expect(j.steps.s1?.state).toBe('started');
    expect(j.steps.s2?.state).toBe('pending');
    // flush with nothing pending resolves without writing.
    const writes = w.writeCount;
    await w.flush();
    expect(w.writeCount).toBe(writes);
  });

  it('rejects the pending and all later updates when a write fails (no silent loss)', async () => {
    const { w } = writer(2);
    await w.updateStep('s0', (s) => ({ ...s, state: 'started' }));
    rmSync(dir!, { recursive: true, force: true }); // the journal's directory disappears
    await expect(w.updateStep('s1', (s) => ({ ...s, state: 'started' }))).rejects.toThrow(/ENOENT/);
    await expect(w.updateStep('s1', (s) => ({ ...s, state: 'succeeded' }))).rejects.toThrow(/ENOENT/);
    await expect(w.flush()).rejects.toThrow(/ENOENT/);
  });
});
