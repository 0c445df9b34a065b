import { describe, expect, it, vi } from 'vitest';
import { discardAutosaveThenClose } from '../../electron/main/closeGuard';

describe("Don't Save: discard the autosaved copy, then close", () => {
  it('closes after the copy is removed, showing nothing', async () => {
    const order: string[] = [];
    const showError = vi.fn();
    await discardAutosaveThenClose(
      async () => void order.push('discard'),
      () => order.push('close'),
      showError,
    );
    expect(order).toEqual(['discard', 'close']);
    expect(showError).not.toHaveBeenCalled();
  });

  it('shows why the copy could not be removed and what that means, then closes all the same', async () => {
    const showError = vi.fn();
    const close = vi.fn();
    await discardAutosaveThenClose(
      async () => {
        throw Object.assign(new Error("EACCES: permission denied, unlink '/home/u/.config/vpclink/autosave/x.json'"), {
          code: 'EACCES',
        });
      },
      close,
      showError,
    );
    expect(close).toHaveBeenCalledTimes(1);
    expect(showError).toHaveBeenCalledTimes(1);
    const [title, text] = showError.mock.calls[0]!;
    expect(title).toBe('vpclink could not discard the autosaved copy');
    expect(text).toContain('EACCES: permission denied');
    expect(text).toContain('recovered changes');
  });

  it('shows a host error ({ code, message }) by its message', async () => {
    const showError = vi.fn();
    await discardAutosaveThenClose(
      () => Promise.reject({ code: 'INTERNAL', message: 'disk full' }),
      vi.fn(),
      showError,
    );
    expect(showError.mock.calls[0]![1]).toMatch(/^disk full\n/);
  });
});
