import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCloudHost } from '../../electron/web/cloudHost';
import { createEventHub } from '../../electron/web/events';
import { createHostHandlers, type HostHandlers } from '../../electron/web/handlers';
import type { HostEvent } from '../../electron/common/hostApi';
import { failureOf, ROOT, tempDir } from './helpers';

const EXAMPLE = join(ROOT, 'examples', 'cross-account.vpclink.json');
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let work: { dir: string; cleanup: () => Promise<void> };
let config: string;
let events: HostEvent[];

function makeHandlers(documentPath?: string): HostHandlers {
  const hub = createEventHub();
  hub.subscribe((e) => events.push(e));
  return createHostHandlers({
    mode: 'browser',
    rootDir: ROOT,
    cwd: work.dir,
    configDir: config,
    documentPath,
    events: hub,
    cloud: createCloudHost({ events: hub }),
  });
}

/** The user picks `path` in the browser mode's own Save As / Open dialog (the host checks it). */
async function pick(handlers: HostHandlers, path: string, purpose: 'open' | 'save' = 'save'): Promise<string> {
  const chosen = await handlers.api.chooseFile({ purpose, path });
  if (chosen.kind !== 'chosen') throw new Error('not chosen');
  return chosen.path;
}

beforeEach(async () => {
  work = await tempDir();
  config = join(work.dir, 'config');
  events = [];
});
afterEach(async () => work.cleanup());

describe('startup', () => {
  it('opens the cross-account example when no file is given, with the host facts', async () => {
    const startup = await makeHandlers().api.getStartup();
    expect(startup.document).toEqual({
      text: await readFile(EXAMPLE, 'utf8'),
      path: null,
      title: 'cross-account (example)',
      origin: 'example',
    });
    expect(startup.recovered).toBeNull();
    expect(startup.mode).toBe('browser');
    expect(startup.nativeDialogs).toBe(false);
    // No sandbox in this host: the default target is the real cloud.
    expect(startup.defaultTargetId).toBe('aliyun');
  });

  it('opens the file given on the command line', async () => {
    const file = join(work.dir, 'mine.vpclink.json');
    await writeFile(file, await readFile(EXAMPLE, 'utf8'));
    const startup = await makeHandlers('mine.vpclink.json').api.getStartup();
    expect(startup.document.path).toBe(file);
    expect(startup.document.title).toBe('mine.vpclink.json');
    expect(startup.document.origin).toBe('file');
  });

  it('opens the bytes on disk at getStartup, not those checked ahead while the page loaded', async () => {
    const file = join(work.dir, 'mine.vpclink.json');
    const original = await readFile(EXAMPLE, 'utf8');
    await writeFile(file, original);
    const handlers = makeHandlers(file);
    await handlers.documents.prepareOpen(file); // the host's own early read has certainly run
    // Changed by another program after the host started: the new text, and its hash for change detection.
    const changed = original.replace('"VPC1"', '"VPC-changed"');
    await writeFile(file, changed);
    expect((await handlers.api.getStartup()).document.text).toBe(changed);
    await expect(handlers.api.saveFile(file, original)).resolves.toMatchObject({ path: file });

    const broken = makeHandlers(file);
    await broken.documents.prepareOpen(file);
    await writeFile(file, '{"format":"something-else"}');
    expect((await failureOf(broken.api.getStartup())).code).toBe('DOCUMENT_INVALID');
  });

  it('recovers an autosave newer than the file (crash recovery), not an older one', async () => {
    const file = join(work.dir, 'a.vpclink.json');
    const original = await readFile(EXAMPLE, 'utf8');
    await writeFile(file, original);
    const edited = original.replace('"Account A (initiator)"', '"Account A (edited)"');
    const handlers = makeHandlers(file);
    // The file is older than the autosave.
    await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await handlers.api.autosave(file, edited);
    const startup = await makeHandlers(file).api.getStartup();
    expect(startup.document.text).toBe(edited);
    expect(startup.recovered?.originalText).toBe(original);

    // Saved after the autosave (e.g. by another program): the file wins.
    await utimes(file, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const later = await makeHandlers(file).api.getStartup();
    expect(later.recovered).toBeNull();
    expect(later.document.text).toBe(original);
  });

  it('recovers an unsaved document (no path) on the next start, until it is discarded', async () => {
    const handlers = makeHandlers();
    const example = await readFile(EXAMPLE, 'utf8');
    const edited = example.replace('"VPC1"', '"VPC-one"');
    await handlers.api.autosave(null, edited);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'autosave.saved', path: null }));
    const startup = await makeHandlers().api.getStartup();
    expect(startup.document.text).toBe(edited);
    expect(startup.recovered?.originalText).toBe(example);
    await handlers.api.discardAutosave(null);
    expect((await makeHandlers().api.getStartup()).recovered).toBeNull();
  });

  it('discarding an autosave that is not there is quiet; one that cannot be removed is an error, not swallowed', async () => {
    const handlers = makeHandlers();
    await expect(handlers.api.discardAutosave(null)).resolves.toBeUndefined();
    // A directory where the autosave file should be: unlink fails with something other than ENOENT.
    await mkdir(join(config, 'autosave', 'untitled.json'), { recursive: true });
    await expect(handlers.api.discardAutosave(null)).rejects.toThrow();
  });
});

describe('open and save', () => {
  it('saves atomically: the content is replaced whole, no temp file is left, the file is in the recent list', async () => {
    const handlers = makeHandlers();
    const file = join(work.dir, 'out.vpclink.json');
    const text = await readFile(EXAMPLE, 'utf8');
    await writeFile(file, text.replace('VPC1', 'old content'));
    await pick(handlers, 'out.vpclink.json');
    // Save As onto an existing file: the user confirmed replacing it.
    const saved = await handlers.api.saveFile('out.vpclink.json', text, { overwrite: true });
    expect(saved.path).toBe(file);
    expect(saved.title).toBe('out.vpclink.json');
    expect(await readFile(file, 'utf8')).toBe(text);
    expect((await readdir(work.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const recent = await handlers.api.listRecentFiles();
    expect(recent[0]).toMatchObject({ path: file, title: 'out.vpclink.json', exists: true });
  });

  it('a save removes the autosave of that file', async () => {
    const handlers = makeHandlers();
    const file = join(work.dir, 'x.vpclink.json');
    const text = await readFile(EXAMPLE, 'utf8');
    await pick(handlers, file);
    await handlers.api.saveFile(file, text);
    await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await handlers.api.autosave(file, text.replace('VPC1', 'VPCX'));
    await handlers.api.saveFile(file, text);
    await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect((await makeHandlers(file).api.getStartup()).recovered).toBeNull();
  });

  it('refuses to save text that is not a topology document and leaves the file as it was', async () => {
    const handlers = makeHandlers();
    const file = join(work.dir, 'keep.vpclink.json');
    await writeFile(file, 'keep me');
    handlers.documents.grant(file);
    const error = await failureOf(handlers.api.saveFile(file, '{"format":"something-else"}'));
    expect(error.code).toBe('DOCUMENT_INVALID');
    expect(error.message).toContain('not a topology document');
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it("refuses text nested too deep with the loader's message (line and column), as the CLI does", async () => {
    const handlers = makeHandlers();
    const file = join(work.dir, 'deep.vpclink.json');
    await writeFile(file, 'keep me');
    handlers.documents.grant(file);
    const deep = `{"format":"vpclink/topology","version":1,"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const error = await failureOf(handlers.api.saveFile(file, deep));
    expect(error.code).toBe('DOCUMENT_INVALID');
    expect(error.message).toMatch(
      /not a topology document: JSON nested more than 64 levels deep \(line 1, column \d+\)/,
    );
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it('reports a missing folder and a missing file with clear codes', async () => {
    const handlers = makeHandlers();
    const text = await readFile(EXAMPLE, 'utf8');
    const missingFolder = join(work.dir, 'nope', 'a.json');
    const picked = await failureOf(handlers.api.chooseFile({ purpose: 'save', path: missingFolder }));
    expect(picked).toMatchObject({ code: 'FILE_WRITE_FAILED' });
    handlers.documents.grant(missingFolder);
    const save = await failureOf(handlers.api.saveFile(missingFolder, text));
    expect(save).toMatchObject({ code: 'FILE_WRITE_FAILED' });
    expect(save.message).toContain('does not exist');
    const open = await failureOf(handlers.api.openFile(handlers.documents.grant(join(work.dir, 'missing.json'))));
    expect(open).toMatchObject({ code: 'NOT_FOUND' });
    const dir = await failureOf(handlers.api.openFile(handlers.documents.grant(work.dir)));
    expect(dir.code).toBe('FILE_UNREADABLE');
    await writeFile(join(work.dir, 'bad.json'), '{ nope');
    handlers.documents.grant('bad.json');
    const bad = await failureOf(handlers.api.openFile('bad.json'));
    expect(bad.code).toBe('DOCUMENT_INVALID');
    expect(bad.message).toContain('not valid JSON');
  });

  it('keeps at most 10 recent files, newest first, without duplicates, and marks missing ones', async () => {
    const handlers = makeHandlers();
    const text = await readFile(EXAMPLE, 'utf8');
    for (let i = 0; i < 12; i++) {
      await pick(handlers, join(work.dir, `f${i}.vpclink.json`));
      await handlers.api.saveFile(join(work.dir, `f${i}.vpclink.json`), text);
    }
    await handlers.api.openFile(join(work.dir, 'f3.vpclink.json'));
    const recent = await handlers.api.listRecentFiles();
    expect(recent.map((r) => r.title)).toEqual(
      ['f3', 'f11', 'f10', 'f9', 'f8', 'f7', 'f6', 'f5', 'f4', 'f2'].map((n) => `${n}.vpclink.json`),
    );
    await import('node:fs/promises').then((fs) => fs.unlink(join(work.dir, 'f11.vpclink.json')));
    expect((await handlers.api.listRecentFiles())[1]).toMatchObject({ title: 'f11.vpclink.json', exists: false });
  });

  it('starts a fresh recent list when the stored one is corrupt', async () => {
    await mkdir(config, { recursive: true });
    await writeFile(join(config, 'recent.json'), '{{{');
    const handlers = makeHandlers();
    expect(await handlers.api.listRecentFiles()).toEqual([]);
    await pick(handlers, join(work.dir, 'a.vpclink.json'));
    await handlers.api.saveFile(join(work.dir, 'a.vpclink.json'), await readFile(EXAMPLE, 'utf8'));
    expect(await handlers.api.listRecentFiles()).toHaveLength(1);
  });

  it('lists the examples and opens them by name only', async () => {
    const handlers = makeHandlers();
    const examples = await handlers.api.listExamples();
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining(['cross-account', 'same-account', 'broken-acceptor-not-configured', 'peering']),
    );
    expect(examples.find((e) => e.name === 'cross-account')?.title).toContain('Cross-account');
    expect((await handlers.api.openExample('same-account')).origin).toBe('example');
    expect((await failureOf(handlers.api.openExample('../package'))).code).toBe('BAD_REQUEST');
    expect((await failureOf(handlers.api.openExample('no-such'))).code).toBe('NOT_FOUND');
  });

  it('makes a new empty document that loads', async () => {
    const doc = await makeHandlers().api.newDocument();
    expect(doc.path).toBeNull();
    expect(JSON.parse(doc.text)).toMatchObject({ format: 'vpclink/topology', version: 1 });
  });
});

describe('export', () => {
  it('writes a PNG next to the document and an SVG to a chosen path, enforcing the extension', async () => {
    const handlers = makeHandlers();
    const documentPath = join(work.dir, 'net.vpclink.json');
    // What the native dialogs grant in Electron (exports have no browser-mode dialog: it downloads).
    handlers.documents.grant(documentPath);
    handlers.documents.grant(join(work.dir, 'pic.svg'));
    const png = await handlers.api.exportFile({
      format: 'png',
      dataBase64: PNG_1PX,
      documentPath,
      suggestedName: 'net',
    });
    expect(png.path).toBe(join(work.dir, 'net.png'));
    expect((await readFile(png.path)).subarray(1, 4).toString()).toBe('PNG');
    const svgText = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>';
    const svg = await handlers.api.exportFile({
      format: 'svg',
      dataBase64: Buffer.from(svgText).toString('base64'),
      path: join(work.dir, 'pic.svg'),
      suggestedName: 'x.svg',
    });
    expect(await readFile(svg.path, 'utf8')).toBe(svgText);
  });

  it('refuses data that is not what the format says, folder names in suggestedName, and no place to write', async () => {
    const handlers = makeHandlers();
    const documentPath = join(work.dir, 'net.vpclink.json');
    handlers.documents.grant(documentPath);
    const svgAsPng = await failureOf(
      handlers.api.exportFile({
        format: 'png',
        dataBase64: Buffer.from('<svg></svg>').toString('base64'),
        documentPath,
        suggestedName: 'a.png',
      }),
    );
    expect(svgAsPng).toMatchObject({ code: 'BAD_REQUEST', field: 'args[0].dataBase64' });
    const sneaky = await failureOf(
      handlers.api.exportFile({ format: 'png', dataBase64: PNG_1PX, documentPath, suggestedName: '../escape.png' }),
    );
    expect(sneaky).toMatchObject({ code: 'BAD_REQUEST', field: 'args[0].suggestedName' });
    const nowhere = await failureOf(
      handlers.api.exportFile({ format: 'png', dataBase64: PNG_1PX, documentPath: null, suggestedName: 'a.png' }),
    );
    expect(nowhere.code).toBe('NOT_AVAILABLE');
    await expect(stat(join(work.dir, '..', 'escape.png'))).rejects.toThrow();
  });
});

describe('window-only methods in the browser mode', () => {
  it('answer NOT_AVAILABLE and setDocumentState is recorded', async () => {
    const handlers = makeHandlers();
    expect((await failureOf(handlers.api.chooseFile({ purpose: 'open' }))).code).toBe('NOT_AVAILABLE');
    expect((await failureOf(handlers.api.closeWindow())).code).toBe('NOT_AVAILABLE');
    await handlers.api.setDocumentState({ path: null, title: 'x', dirty: true });
    expect(handlers.documentState()).toEqual({ path: null, title: 'x', dirty: true });
  });
});
