import { beforeAll, describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn((name: string, value: unknown) => exposed.set(name, value)) },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } })),
    on: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    }),
    removeListener: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => void) =>
      listeners.get(channel)?.delete(fn),
    ),
  },
}));

let bridge: Record<string, unknown>;
beforeAll(async () => {
  await import('../../electron/preload/preload');
  bridge = exposed.get('vpclinkHost') as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes one global, vpclinkHost, with exactly call and onEvent', () => {
    expect([...exposed.keys()]).toEqual(['vpclinkHost']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.onEvent).toBe('function');
  });

  it('call sends only method and args over the call channel', async () => {
    const call = bridge.call as (method: string, args: unknown) => Promise<unknown>;
    const result = await call('openFile', ['/a.json']);
    expect(result).toEqual({
      ok: true,
      value: { channel: 'vpclink:call', payload: { method: 'openFile', args: ['/a.json'] } },
    });
    // A non-array args becomes [] (the host then rejects a missing argument), never an object passed through.
    expect(await call('openFile', { path: '/x', __proto__: {} })).toMatchObject({
      value: { payload: { method: 'openFile', args: [] } },
    });
  });

  it('onEvent delivers the payload only (not the IPC event with its sender) and unsubscribes', () => {
    const onEvent = bridge.onEvent as (listener: (e: unknown) => void) => () => void;
    const got: unknown[] = [];
    const off = onEvent((e) => got.push(e));
    const fire = (payload: unknown) =>
      listeners.get('vpclink:event')!.forEach((fn) => fn({ sender: { secret: 'ipc internals' } }, payload));
    fire({ kind: 'autosave.saved', path: null, savedAt: 'now' });
    expect(got).toEqual([{ kind: 'autosave.saved', path: null, savedAt: 'now' }]);
    off();
    fire({ kind: 'autosave.saved', path: null, savedAt: 'later' });
    expect(got).toHaveLength(1);
    expect(() => onEvent('not a function' as never)).toThrow(TypeError);
  });
});
