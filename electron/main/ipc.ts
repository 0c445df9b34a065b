/**
 * The one place IPC is registered (design.md §4.10). Every message: check the sender first (our
 * window's webContents, its top frame on our own origin), then validate the payload (the same
 * schemas as the web host), then call the same handlers. Nothing else is registered.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { HostApi } from '../common/hostApi';
import { IPC_CALL_CHANNEL, type CallResponse } from '../common/protocol';
import { dispatchCall } from '../web/dispatch';
import { isAppUrl } from './appProtocol';

export interface IpcOptions {
  readonly api: HostApi;
  /** webContents ids of the app's own windows. */
  readonly trustedWebContentsIds: () => ReadonlySet<number>;
}

/** Why a sender is refused, or null when it is our page. */
export function senderProblem(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  trusted: ReadonlySet<number>,
): string | null {
  if (!trusted.has(event.sender.id)) return 'the message does not come from a vpclink window';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent) return 'the message comes from a sub-frame';
  if (!isAppUrl(frame.url)) return 'the sending page is not the vpclink app';
  return null;
}

export function registerIpc(options: IpcOptions): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, payload: unknown): Promise<CallResponse> => {
    const problem = senderProblem(event, options.trustedWebContentsIds());
    if (problem) return { ok: false, error: { code: 'FORBIDDEN', message: `refused: ${problem}` } };
    return dispatchCall(options.api, payload);
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}
