/**
 * The Electron main process with `electron` mocked (no runtime here): window security settings,
 * navigation and window-open blocking, the app protocol with its CSP, IPC sender checks, event
 * forwarding and the unsaved-changes guard on close.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT, tempDir } from './helpers';

type Listener = (...args: unknown[]) => unknown;

const h = vi.hoisted(() => {
  const state = {
    windows: [] as Array<{
      options: Record<string, unknown>;
      listeners: Map<string, Listener[]>;
      webContents: ReturnType<typeof makeContents>;
      close: () => void;
      closed: number;
      title: string;
    }>,
    appListeners: new Map<string, Listener[]>(),
    ipc: new Map<string, Listener>(),
    protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
    privileged: [] as unknown[],
    permissionHandler: undefined as undefined | Listener,
    permissionCheck: undefined as undefined | Listener,
    messageBoxChoice: 2,
    messageBoxCalls: 0,
    loaded: undefined as undefined | (() => void),
    loadedPromise: undefined as undefined | Promise<void>,
  };
  state.loadedPromise = new Promise<void>((resolve) => (state.loaded = resolve));
  let nextId = 1;
  function makeContents(url: string) {
    const listeners = new Map<string, Listener[]>();
    return {
      id: nextId++,
      listeners,
      sent: [] as unknown[][],
      openHandler: undefined as undefined | Listener,
      on(name: string, fn: Listener) {
        listeners.set(name, [...(listeners.get(name) ?? []), fn]);
      },
      setWindowOpenHandler(fn: Listener) {
        this.openHandler = fn;
      },
      getURL: () => url,
      send(...args: unknown[]) {
        this.sent.push(args);
      },
    };
  }
  return { state, makeContents };
});

vi.mock('electron', () => {
  const { state, makeContents } = h;
  const emitApp = (name: string, ...args: unknown[]) =>
    (state.appListeners.get(name) ?? []).forEach((fn) => fn(...args));
  class BrowserWindow {
    options: Record<string, unknown>;
    listeners = new Map<string, Listener[]>();
    webContents = makeContents('vpclink-app://app/index.html');
    closed = 0;
    title = '';
    constructor(options: Record<string, unknown>) {
      this.options = options;
      state.windows.push(this as never);
      emitApp('web-contents-created', {}, this.webContents);
    }
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    }
    once(name: string, fn: Listener) {
      this.on(name, fn);
    }
    async loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      state.loaded?.();
    }
    close() {
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      (this.listeners.get('close') ?? []).forEach((fn) => fn(event));
      if (!event.defaultPrevented) this.closed++;
    }
    show() {}
    isDestroyed() {
      return false;
    }
    setTitle(title: string) {
      this.title = title;
    }
    setDocumentEdited() {}
  }
  return {
    app: {
      whenReady: async () => {},
      on: (name: string, fn: Listener) => state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), fn]),
      getVersion: () => '0.1.0',
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow,
    // The OS keychain: the app builds its AccessKey vault on it (electron/web/secretVault.ts).
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: (text: string) => Buffer.from(text),
      decryptString: (data: Buffer) => data.toString(),
    },
    dialog: {
      showMessageBoxSync: () => {
        state.messageBoxCalls++;
        return state.messageBoxChoice;
      },
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/tmp/chosen.vpclink.json' })),
      showErrorBox: vi.fn((title: string, body: string) => {
        throw new Error(`${title}: ${body}`);
      }),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) =>
        state.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionHandler = fn),
        setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn),
      },
    },
    ipcMain: { handle: (channel: string, fn: Listener) => state.ipc.set(channel, fn), removeHandler: vi.fn() },
  };
});

let work: { dir: string; cleanup: () => Promise<void> };
const { state } = h;
const savedEnv = { ...process.env };

beforeAll(async () => {
  work = await tempDir('vpclink-main-');
  await cp(join(ROOT, 'examples'), join(work.dir, 'examples'), { recursive: true });
  await mkdir(join(work.dir, 'dist', 'renderer'), { recursive: true });
  await writeFile(join(work.dir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>vpclink</title>');
  await writeFile(join(work.dir, 'secret.txt'), 'private');
  process.env.VPCLINK_ROOT = work.dir;
  process.env.XDG_CONFIG_HOME = join(work.dir, 'config');
  process.env.VPCLINK_NO_SANDBOX = '1';
  await import('../../electron/main/main');
  await state.loadedPromise;
});
afterAll(async () => {
  for (const key of ['VPCLINK_ROOT', 'VPCLINK_NO_SANDBOX', 'XDG_CONFIG_HOME']) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await work.cleanup();
});

const win = () => state.windows[0]!;
const invoke = (payload: unknown, sender?: { id: number; url: string }) =>
  state.ipc.get('vpclink:call')!(
    {
      sender: { id: sender?.id ?? win().webContents.id },
      senderFrame: { url: sender?.url ?? 'vpclink-app://app/index.html', parent: null },
    },
    payload,
  ) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

describe('the window', () => {
  it('is isolated: contextIsolation, sandbox, no nodeIntegration, webSecurity, our preload; loads our origin', () => {
    expect(state.windows).toHaveLength(1);
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect((win() as unknown as { url: string }).url).toBe('vpclink-app://app/index.html');
    expect(state.privileged).toEqual([
      { scheme: 'vpclink-app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('blocks navigation away, redirects, webviews and new windows; denies permissions', () => {
    const contents = win().webContents;
    const prevent = vi.fn();
    contents.listeners.get('will-navigate')!.forEach((fn) => fn({ preventDefault: prevent }, 'https://evil.example/'));
    expect(prevent).toHaveBeenCalledTimes(1);
    contents.listeners.get('will-attach-webview')!.forEach((fn) => fn({ preventDefault: prevent }));
    expect(prevent).toHaveBeenCalledTimes(2);
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const callback = vi.fn();
    state.permissionHandler!({}, 'geolocation', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(state.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('serves the UI from the app protocol with the CSP, and nothing outside it', async () => {
    const handler = state.protocolHandlers.get('vpclink-app')!;
    const index = await handler({ url: 'vpclink-app://app/index.html' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<title>vpclink</title>');
    for (const url of [
      'vpclink-app://app/..%2f..%2fsecret.txt',
      'vpclink-app://other/index.html',
      'vpclink-app://app/missing.js',
    ]) {
      const res = await handler({ url });
      expect(res.status, url).toBe(404);
    }
  });
});

describe('IPC', () => {
  it('answers our page with the shared handlers (startup: the cross-account example, electron mode, native dialogs)', async () => {
    const result = await invoke({ method: 'getStartup', args: [] });
    expect(result).toMatchObject({
      ok: true,
      value: { mode: 'electron', nativeDialogs: true, document: { origin: 'example' } },
    });
    expect(
      await invoke({ method: 'chooseFile', args: [{ purpose: 'save', suggestedName: 'a.vpclink.json' }] }),
    ).toEqual({ ok: true, value: { kind: 'chosen', path: '/tmp/chosen.vpclink.json' } });
  });

  it('refuses other senders and bad payloads', async () => {
    expect(
      await invoke({ method: 'getStartup', args: [] }, { id: 999, url: 'vpclink-app://app/index.html' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await invoke({ method: 'getStartup', args: [] }, { id: win().webContents.id, url: 'file:///x.html' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke({ method: 'openFile', args: [] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('forwards host events to the window', async () => {
    await invoke({ method: 'autosave', args: [null, '{"format":"vpclink/topology","version":1}'] });
    expect(win().webContents.sent.at(-1)).toEqual([
      'vpclink:event',
      expect.objectContaining({ kind: 'autosave.saved', path: null }),
    ]);
    await invoke({ method: 'discardAutosave', args: [null] });
  });
});

describe('closing with unsaved changes', () => {
  it('asks when dirty: Cancel stays, Save asks the renderer, Don’t Save closes', async () => {
    await invoke({ method: 'setDocumentState', args: [{ path: null, title: 'net.vpclink.json', dirty: true }] });
    expect(win().title).toBe('• net.vpclink.json — vpclink');
    state.messageBoxChoice = 2;
    win().close();
    expect(state.messageBoxCalls).toBe(1);
    expect(win().closed).toBe(0);

    state.messageBoxChoice = 0;
    win().close();
    expect(win().closed).toBe(0);
    expect(win().webContents.sent.at(-1)).toEqual([
      'vpclink:event',
      { kind: 'menu.command', command: 'file.saveThenClose' },
    ]);

    state.messageBoxChoice = 1;
    win().close();
    // Don't Save removes the autosaved copy first, then closes.
    await vi.waitFor(() => expect(win().closed).toBe(1));
    expect(state.messageBoxCalls).toBe(3);
  });
});
