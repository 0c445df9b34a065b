/**
 * The host reads and writes only what the user picked, and saves like a careful editor (issue 10,
 * defect 4), at the host API level shared by `vpclink serve` and the Electron main process:
 * unpicked paths refused, no file content leaked in errors, mode / owner / symlinks kept,
 * changes on disk detected, temp files of a crashed save removed on the next start.
 */
import { execFileSync } from 'node:child_process';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChooseFileRequest, ChooseFileResult } from '../../electron/common/hostApi';
import { createCloudHost } from '../../electron/web/cloudHost';
import { dispatchCall } from '../../electron/web/dispatch';
import { createEventHub } from '../../electron/web/events';
import { createHostHandlers, type HostHandlers, type WindowHooks } from '../../electron/web/handlers';
import { failureOf, ROOT, tempDir } from './helpers';

const EXAMPLE = join(ROOT, 'examples', 'cross-account.vpclink.json');
let work: { dir: string; cleanup: () => Promise<void> };
let example: string;

beforeEach(async () => {
  work = await tempDir('vpclink-host-files-');
  example = await readFile(EXAMPLE, 'utf8');
});
afterEach(async () => work.cleanup());

function makeHandlers(options: { documentPath?: string; window?: WindowHooks } = {}): HostHandlers {
  const hub = createEventHub();
  return createHostHandlers({
    mode: options.window ? 'electron' : 'browser',
    rootDir: ROOT,
    cwd: work.dir,
    configDir: join(work.dir, 'config'),
    documentPath: options.documentPath,
    events: hub,
    cloud: createCloudHost({ events: hub }),
    window: options.window,
  });
}

/** A stand-in for Electron's native dialog: answers with the path the "user" clicks. */
function nativeDialog(answer: () => string | null): WindowHooks {
  return {
    async chooseFile(_request: ChooseFileRequest): Promise<ChooseFileResult> {
      const path = answer();
      return path === null ? { kind: 'cancelled' } : { kind: 'chosen', path };
    },
    async closeWindow() {},
    documentStateChanged() {},
  };
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

describe('only picked files', () => {
  it('openFile of /etc/passwd-style paths is refused before the file is read, in both modes', async () => {
    const secret = join(work.dir, 'shadow');
    await writeFile(secret, 'root:$6$SECRET-HASH:19000:0:99999:7:::\n');
    for (const handlers of [makeHandlers(), makeHandlers({ window: nativeDialog(() => null) })]) {
      for (const path of ['/etc/passwd', secret, '../../../../etc/passwd', '/proc/self/environ']) {
        const error = await failureOf(handlers.api.openFile(path));
        expect(error.code, path).toBe('FORBIDDEN');
        expect(error.message).toMatch(/only opens files you picked/);
        expect(error.message).not.toContain('SECRET');
        expect(error.message).not.toContain('root:');
      }
    }
  });

  it('the browser dialog accepts a typed path only for a real document, and never quotes a refused file', async () => {
    const handlers = makeHandlers();
    const secret = join(work.dir, 'secret.json');
    await writeFile(secret, 'SECRET-TOKEN-42 {not json');
    for (const path of [secret, '/etc/passwd']) {
      const error = await failureOf(handlers.api.chooseFile({ purpose: 'open', path }));
      expect(error.code).toBe('DOCUMENT_INVALID');
      expect(error.message).toBe(`${path}: not a vpclink topology document`);
    }
    execFileSync('mkfifo', [join(work.dir, 'pipe.json')]);
    expect((await failureOf(handlers.api.chooseFile({ purpose: 'open', path: 'pipe.json' }))).message).toMatch(
      /named pipe/,
    );
    // A document is accepted, and may then be opened.
    await writeFile(join(work.dir, 'net.vpclink.json'), example);
    const chosen = await handlers.api.chooseFile({ purpose: 'open', path: 'net.vpclink.json' });
    expect(chosen).toEqual({ kind: 'chosen', path: join(work.dir, 'net.vpclink.json') });
    expect((await handlers.api.openFile('net.vpclink.json')).text).toBe(example);
  });

  it('saveFile to an unpicked path is refused and writes nothing; Save As never clobbers a non-document', async () => {
    const handlers = makeHandlers();
    const target = join(work.dir, 'new.vpclink.json');
    expect((await failureOf(handlers.api.saveFile(target, example))).code).toBe('FORBIDDEN');
    expect(await exists(target)).toBe(false);
    const bashrc = join(work.dir, '.bashrc');
    await writeFile(bashrc, 'alias ls=ls\n');
    expect((await failureOf(handlers.api.saveFile(bashrc, example))).code).toBe('FORBIDDEN');
    expect((await failureOf(handlers.api.chooseFile({ purpose: 'save', path: bashrc }))).code).toBe('BAD_REQUEST');
    const config = join(work.dir, 'config.json');
    await writeFile(config, '{"profiles":[{"name":"default","access_key_secret":"x"}]}');
    const clobber = await failureOf(handlers.api.chooseFile({ purpose: 'save', path: config }));
    expect(clobber).toMatchObject({ code: 'FORBIDDEN' });
    expect(clobber.message).toContain('will not overwrite it');
    expect(await readFile(bashrc, 'utf8')).toBe('alias ls=ls\n');
    expect(await readFile(config, 'utf8')).toContain('access_key_secret');
    // Exports go only where a dialog put them, or next to a picked document.
    const png = await failureOf(
      handlers.api.exportFile({ format: 'svg', dataBase64: btoa('<svg></svg>'), path: bashrc, suggestedName: 'a.svg' }),
    );
    expect(png.code).toBe('FORBIDDEN');
  });

  it('the same refusals arrive over the transport (dispatchCall, as HTTP and IPC use it)', async () => {
    const handlers = makeHandlers();
    expect(await dispatchCall(handlers.api, { method: 'openFile', args: ['/etc/passwd'] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await dispatchCall(handlers.api, {
        method: 'saveFile',
        args: ['/tmp/x.vpclink.json', example, { overwrite: true }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('picks: the command line, a native dialog, the recent list; a picked path keeps working in a new session', async () => {
    const onCli = join(work.dir, 'cli.vpclink.json');
    const viaDialog = join(work.dir, 'dialog.vpclink.json');
    await writeFile(onCli, example);
    await writeFile(viaDialog, example);
    const fromCli = makeHandlers({ documentPath: 'cli.vpclink.json' });
    expect((await fromCli.api.getStartup()).document.path).toBe(onCli);
    expect((await fromCli.api.openFile(onCli)).path).toBe(onCli);
    expect((await failureOf(fromCli.api.openFile(viaDialog))).code).toBe('FORBIDDEN');

    const electron = makeHandlers({ window: nativeDialog(() => viaDialog) });
    // Electron ignores a typed path: only the native dialog's answer counts.
    expect(await electron.api.chooseFile({ purpose: 'open', path: '/etc/passwd' })).toEqual({
      kind: 'chosen',
      path: viaDialog,
    });
    await electron.api.openFile(viaDialog);
    await electron.api.saveFile(viaDialog, example.replace('VPC1', 'VPC-one'));
    // A later session: the recent list (written only for picked files) is a pick too.
    const later = makeHandlers();
    expect((await later.api.openFile(viaDialog)).text).toContain('VPC-one');
  });
});

describe('saving like an editor', () => {
  async function openedFile(name: string, mode?: number): Promise<{ handlers: HostHandlers; file: string }> {
    const file = join(work.dir, name);
    await writeFile(file, example);
    if (mode !== undefined) await chmod(file, mode);
    const handlers = makeHandlers({ documentPath: file });
    await handlers.api.getStartup();
    return { handlers, file };
  }

  it('keeps mode 0600 (and 0640) on save', async () => {
    for (const mode of [0o600, 0o640]) {
      const { handlers, file } = await openedFile(`private-${mode.toString(8)}.vpclink.json`, mode);
      await handlers.api.saveFile(file, example.replace('VPC1', 'VPC-one'));
      expect((await stat(file)).mode & 0o777).toBe(mode);
      expect(await readFile(file, 'utf8')).toContain('VPC-one');
    }
  });

  it.runIf(process.getuid?.() === 0)(
    'keeps the owner and group of a file it may give back (running as root)',
    async () => {
      const { handlers, file } = await openedFile('owned.vpclink.json', 0o644);
      await chown(file, 1234, 2345);
      await handlers.api.saveFile(file, example.replace('VPC1', 'VPC-one'));
      const info = await stat(file);
      expect([info.uid, info.gid]).toEqual([1234, 2345]);
    },
  );

  it('writes through a symlink to its target: the link stays a link, no temp file is left in either folder', async () => {
    const realDir = join(work.dir, 'real');
    await mkdir(realDir);
    const real = join(realDir, 'doc.vpclink.json');
    await writeFile(real, example);
    await chmod(real, 0o600);
    const link = join(work.dir, 'link.vpclink.json');
    await symlink('real/doc.vpclink.json', link);
    const handlers = makeHandlers({ documentPath: link });
    await handlers.api.getStartup();
    await handlers.api.saveFile(link, example.replace('VPC1', 'VPC-one'));
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('real/doc.vpclink.json');
    expect(await readFile(real, 'utf8')).toContain('VPC-one');
    expect((await stat(real)).mode & 0o777).toBe(0o600);
    for (const dir of [work.dir, realDir]) expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('detects that the file changed on disk since it was loaded: nothing written until the user says overwrite', async () => {
    const { handlers, file } = await openedFile('shared.vpclink.json');
    const theirs = example.replace('VPC1', 'VPC-theirs');
    await writeFile(file, theirs);
    const mine = example.replace('VPC1', 'VPC-mine');
    const error = await failureOf(handlers.api.saveFile(file, mine));
    expect(error.code).toBe('FILE_CHANGED_ON_DISK');
    expect(error.message).toMatch(
      /changed on disk since it was opened or last saved here: overwrite it, reload it, or save as/,
    );
    expect(await readFile(file, 'utf8')).toBe(theirs);
    // Same bytes written back by another program (e.g. touch): not a change.
    await writeFile(file, theirs);
    await handlers.api.saveFile(file, mine, { overwrite: true });
    expect(await readFile(file, 'utf8')).toBe(mine);
    // After our own save, saving again needs no confirmation; a reload resets the baseline.
    await handlers.api.saveFile(file, mine.replace('VPC-mine', 'VPC-mine2'));
    await writeFile(file, theirs);
    await handlers.api.openFile(file);
    await handlers.api.saveFile(file, mine);
    expect(await readFile(file, 'utf8')).toBe(mine);
  });

  it('Save As onto an existing document asks first (FILE_CHANGED_ON_DISK) unless overwrite', async () => {
    const handlers = makeHandlers();
    const other = join(work.dir, 'other.vpclink.json');
    await writeFile(other, example);
    await handlers.api.chooseFile({ purpose: 'save', path: other });
    const error = await failureOf(handlers.api.saveFile(other, example.replace('VPC1', 'X')));
    expect(error).toMatchObject({ code: 'FILE_CHANGED_ON_DISK' });
    expect(error.message).toContain('already exists');
    await handlers.api.saveFile(other, example.replace('VPC1', 'X'), { overwrite: true });
    expect(await readFile(other, 'utf8')).toBe(example.replace('VPC1', 'X'));
  });
});

describe('temp files of a crashed save', () => {
  it('are removed on the next start (own naming pattern only, never a live writer’s)', async () => {
    const file = join(work.dir, 'doc.vpclink.json');
    await writeFile(file, example);
    const config = join(work.dir, 'config');
    await mkdir(join(config, 'autosave'), { recursive: true });
    const old = new Date(Date.now() - 2 * 3600_000);
    const deadPid = 2 ** 22 + 12345; // above pid_max on Linux: never a live process
    const stale = [
      join(work.dir, `.doc.vpclink.json.${deadPid}.0123456789ab.tmp`),
      join(config, `.recent.json.${deadPid}.abcdefabcdef.tmp`),
      join(config, 'autosave', `.x.json.${process.ppid}.00000000000f.tmp`), // live pid, but hours old
    ];
    const kept = [
      join(work.dir, `.doc.vpclink.json.${process.ppid}.0123456789ac.tmp`), // a live writer, just now
      join(work.dir, '.doc.vpclink.json.tmp'), // not our pattern
      join(work.dir, 'notes.tmp'),
    ];
    for (const path of [...stale, ...kept]) await writeFile(path, 'partial');
    await utimes(stale[2]!, old, old);
    const handlers = makeHandlers({ documentPath: file });
    await handlers.api.getStartup();
    for (const path of stale) expect(await exists(path), path).toBe(false);
    for (const path of kept) expect(await exists(path), path).toBe(true);
  });
});
