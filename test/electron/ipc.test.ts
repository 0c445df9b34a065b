import { beforeEach, describe, expect, it, vi } from 'vitest';

// The main process's IPC is tested against a stand-in ipcMain (no Electron runtime here).
const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  },
}));

const { registerIpc, senderProblem } = await import('../../electron/main/ipc');
const { IPC_CALL_CHANNEL } = await import('../../electron/common/protocol');
const { ipcMain } = await import('electron');

const WINDOW_ID = 7;
const api = {
  listRecentFiles: vi.fn(async () => [
    { path: '/a.json', title: 'a.json', openedAt: '2026-01-01T00:00:00.000Z', exists: true },
  ]),
  openFile: vi.fn(async (path: string) => ({ text: '{}', path, title: 'x', origin: 'file' })),
};

function event(options: { id?: number; url?: string | null; parent?: unknown }) {
  return {
    sender: { id: options.id ?? WINDOW_ID },
    senderFrame:
      options.url === null
        ? null
        : { url: options.url ?? 'vpclink-app://app/index.html', parent: options.parent ?? null },
  };
}

beforeEach(() => {
  handlers.clear();
  api.listRecentFiles.mockClear();
  api.openFile.mockClear();
});

describe('registerIpc', () => {
  it('registers exactly one channel, and removes it again', () => {
    const remove = registerIpc({ api: api as never, trustedWebContentsIds: () => new Set([WINDOW_ID]) });
    expect(vi.mocked(ipcMain.handle)).toHaveBeenCalledWith(IPC_CALL_CHANNEL, expect.any(Function));
    expect([...handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
    remove();
    expect(handlers.size).toBe(0);
  });

  it('calls the handler for our window and page', async () => {
    registerIpc({ api: api as never, trustedWebContentsIds: () => new Set([WINDOW_ID]) });
    const result = await handlers.get(IPC_CALL_CHANNEL)!(event({}), { method: 'listRecentFiles', args: [] });
    expect(result).toEqual({ ok: true, value: [expect.objectContaining({ path: '/a.json' })] });
    expect(api.listRecentFiles).toHaveBeenCalledTimes(1);
  });

  const badSenders: Array<[string, Parameters<typeof event>[0], RegExp]> = [
    ['another webContents', { id: 99 }, /not come from a vpclink window/],
    ['a page on file://', { url: 'file:///home/me/evil.html' }, /not the vpclink app/],
    ['a remote page', { url: 'https://evil.example/' }, /not the vpclink app/],
    ['another host of our scheme', { url: 'vpclink-app://other/index.html' }, /not the vpclink app/],
    ['a look-alike scheme', { url: 'vpclink-app-x://app/index.html' }, /not the vpclink app/],
    ['a sub-frame', { parent: { url: 'vpclink-app://app/index.html' } }, /sub-frame/],
    ['a destroyed frame', { url: null }, /frame is gone/],
  ];
  it.each(badSenders)('refuses %s before looking at the payload', async (_name, sender, why) => {
    registerIpc({ api: api as never, trustedWebContentsIds: () => new Set([WINDOW_ID]) });
    const result = (await handlers.get(IPC_CALL_CHANNEL)!(event(sender), {
      method: 'openFile',
      args: ['/etc/passwd'],
    })) as { ok: boolean; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('FORBIDDEN');
    expect(result.error.message).toMatch(why);
    expect(api.openFile).not.toHaveBeenCalled();
  });

  it('refuses invalid payloads from our own page without calling a handler', async () => {
    registerIpc({ api: api as never, trustedWebContentsIds: () => new Set([WINDOW_ID]) });
    const handle = handlers.get(IPC_CALL_CHANNEL)!;
    for (const payload of [
      null,
      'openFile',
      { method: 'openFile', args: [{ path: '/x' }] },
      { method: 'eval', args: ['1'] },
      { method: 'openFile', args: ['/x'], extra: true },
    ]) {
      const result = (await handle(event({}), payload)) as { ok: boolean; error: { code: string } };
      expect(result, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(api.openFile).not.toHaveBeenCalled();
  });
});

describe('senderProblem', () => {
  it('accepts only the trusted ids given at call time (a window opened later is added by the caller)', () => {
    expect(senderProblem(event({}) as never, new Set([WINDOW_ID]))).toBeNull();
    expect(senderProblem(event({}) as never, new Set())).toMatch(/not come from a vpclink window/);
  });
});
