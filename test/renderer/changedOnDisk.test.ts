/**
 * The renderer's side of "the file changed on disk" (issue 10, defect 4): a save that the host
 * refuses with FILE_CHANGED_ON_DISK opens the overwrite / reload / save-as dialog in the UI
 * store, and each answer does what it says — against the real host handlers and real files
 * (only the transport is replaced: calls go through dispatchCall as HTTP and IPC do).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../electron/common/hostApi';
import { createCloudHost } from '../../electron/web/cloudHost';
import { dispatchCall } from '../../electron/web/dispatch';
import { createEventHub } from '../../electron/web/events';
import { createHostHandlers, type HostHandlers } from '../../electron/web/handlers';
import { ROOT, tempDir } from '../electron/helpers';

let handlers: HostHandlers;

vi.mock('../../renderer/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/api')>();
  const api = new Proxy({} as HostApi, {
    get:
      (_target, method: string) =>
      async (...args: unknown[]) => {
        const response = await dispatchCall(handlers.api, JSON.parse(JSON.stringify({ method, args })));
        if (!response.ok) throw response.error;
        return response.value;
      },
  });
  return { ...actual, api };
});

const { documentStore, useUi } = await import('../../renderer/state');
const { openPath, openTypedPath, resolveChangedOnDisk, saveTo } = await import('../../renderer/documentFiles');

let work: { dir: string; cleanup: () => Promise<void> };
let example: string;
let file: string;

beforeEach(async () => {
  work = await tempDir('vpclink-renderer-disk-');
  example = await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8');
  file = join(work.dir, 'net.vpclink.json');
  await writeFile(file, example);
  const hub = createEventHub();
  handlers = createHostHandlers({
    mode: 'browser',
    rootDir: ROOT,
    cwd: work.dir,
    configDir: join(work.dir, 'config'),
    events: hub,
    cloud: createCloudHost({ events: hub }),
  });
  useUi.setState({ dialog: { kind: 'none' }, notices: [], startup: null });
  expect(await openTypedPath(file)).toBe(true);
});
afterEach(async () => work.cleanup());

function renameFirstAccount(name: string): void {
  const state = documentStore.getState();
  const doc = { ...state.doc, accounts: state.doc.accounts.map((a, i) => (i === 0 ? { ...a, name } : a)) };
  state.load(doc, state.meta, { dirty: true });
}

async function someoneElseWrites(): Promise<string> {
  const theirs = example.replace('Account B', 'Account B (edited elsewhere)');
  expect(theirs).not.toBe(example);
  await writeFile(file, theirs);
  return theirs;
}

describe('saving a file that changed on disk', () => {
  it('asks (dialog changedOnDisk) and writes nothing', async () => {
    renameFirstAccount('mine');
    const theirs = await someoneElseWrites();
    expect(await saveTo(file)).toBe(false);
    expect(useUi.getState().dialog).toMatchObject({ kind: 'changedOnDisk', path: file });
    expect(await readFile(file, 'utf8')).toBe(theirs);
  });

  it('overwrite: writes the open document over theirs', async () => {
    renameFirstAccount('mine');
    await someoneElseWrites();
    await saveTo(file);
    expect(await resolveChangedOnDisk('overwrite', file)).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).accounts[0].name).toBe('mine');
    expect(useUi.getState().dialog.kind).toBe('none');
  });

  it('reload: the store shows what is on disk, and a later save needs no question', async () => {
    renameFirstAccount('mine');
    await someoneElseWrites();
    await saveTo(file);
    expect(await resolveChangedOnDisk('reload', file)).toBe(true);
    expect(documentStore.getState().doc.accounts.map((a) => a.name)).toContain(
      'Account B (edited elsewhere) (acceptor)',
    );
    renameFirstAccount('after reload');
    expect(await saveTo(file)).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).accounts[0].name).toBe('after reload');
  });

  it('save as: the browser mode opens its own Save As dialog; the file on disk is left alone', async () => {
    renameFirstAccount('mine');
    const theirs = await someoneElseWrites();
    await saveTo(file);
    expect(await resolveChangedOnDisk('saveAs', file)).toBe(false);
    expect(useUi.getState().dialog.kind).toBe('saveAs');
    expect(await readFile(file, 'utf8')).toBe(theirs);
  });

  it('without a change on disk, save simply saves', async () => {
    renameFirstAccount('mine');
    expect(await saveTo(file)).toBe(true);
    expect(useUi.getState().dialog.kind).toBe('none');
    expect(await openPath(file)).toBe(true);
  });
});
