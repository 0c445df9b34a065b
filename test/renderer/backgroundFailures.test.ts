import { describe, expect, it } from 'vitest';
import { reportFailuresOnce } from '../../renderer/backgroundFailures';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('background failures (autosave) are shown, once per run of failures', () => {
  it('shows the first failure with its reason and consequence, not the repeats, and again after a success', async () => {
    const shown: string[] = [];
    const autosave = reportFailuresOnce(
      'Autosave',
      'A crash loses the changes since the last save.',
      (t) => shown.push(t),
      (e) => (e as Error).message,
    );
    autosave(Promise.reject(new Error('disk full')));
    autosave(Promise.reject(new Error('disk full')));
    await settle();
    expect(shown).toEqual(['Autosave failed: disk full. A crash loses the changes since the last save.']);

    autosave(Promise.resolve());
    await settle();
    autosave(Promise.reject(new Error('read-only file system')));
    await settle();
    expect(shown).toHaveLength(2);
    expect(shown[1]).toContain('read-only file system');
  });

  it('shows nothing while the task works', async () => {
    const shown: string[] = [];
    const task = reportFailuresOnce('Autosave', '', (t) => shown.push(t), String);
    task(Promise.resolve('saved'));
    await settle();
    expect(shown).toEqual([]);
  });
});
