/**
 * The preload: the renderer's only door to the host. It exposes exactly `window.vpclinkHost`
 * with `call` and `onEvent` (electron/common/protocol.ts `PreloadBridge`) — no ipcRenderer, no
 * Node, no other function. Runs sandboxed (contextIsolation + sandbox), so it is bundled to one
 * CommonJS file that requires only `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostEvent } from '../common/hostApi';
import {
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  PRELOAD_GLOBAL,
  type CallResponse,
  type PreloadBridge,
} from '../common/protocol';

export const bridge: PreloadBridge = {
  call(method, args) {
    // Only the two fields cross: nothing the page adds to the object reaches the main process.
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, {
      method: String(method),
      args: Array.isArray(args) ? args : [],
    }) as Promise<CallResponse<never>>;
  },
  onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // The IpcRendererEvent (with its `sender`) never reaches the page: only the payload.
    const wrapped = (_event: IpcRendererEvent, payload: HostEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, bridge);
