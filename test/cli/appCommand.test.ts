/** `vpclink app`: finding the Electron runtime without loading the electron package (which throws without its binary). */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronMissingMessage, findElectron } from '../../cli/commands/app';
import { tempDir } from '../electron/helpers';

let work: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  work = await tempDir('vpclink-app-');
  await writeFile(join(work.dir, 'package.json'), '{"name":"x","type":"module"}');
});
afterEach(async () => work.cleanup());

async function fakeElectronPackage(options: { pathTxt?: string; binary?: boolean }) {
  const dir = join(work.dir, 'node_modules', 'electron');
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"name":"electron","version":"41.7.1","main":"index.js"}');
  await writeFile(join(dir, 'index.js'), 'throw new Error("Electron failed to install correctly")');
  if (options.pathTxt !== undefined) await writeFile(join(dir, 'path.txt'), options.pathTxt);
  if (options.binary) {
    await writeFile(join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    await chmod(join(dir, 'dist', 'electron'), 0o755);
  }
  return dir;
}

describe('findElectron', () => {
  it('is missing when the package is not installed', () => {
    expect(findElectron(work.dir, {})).toEqual({ kind: 'missing', reason: 'the electron package is not installed' });
  });

  it('is missing when the package is there but its binary was never downloaded (the offline install)', async () => {
    await fakeElectronPackage({});
    expect(findElectron(work.dir, {})).toEqual({
      kind: 'missing',
      reason: 'the electron package is installed but its binary was never downloaded',
    });
  });

  it('is missing when path.txt names a binary that is not there', async () => {
    await fakeElectronPackage({ pathTxt: 'electron' });
    const found = findElectron(work.dir, {});
    expect(found.kind).toBe('missing');
  });

  it('finds the binary named by path.txt, or under ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dir = await fakeElectronPackage({ pathTxt: 'electron', binary: true });
    expect(findElectron(work.dir, {})).toEqual({ kind: 'ok', binary: join(dir, 'dist', 'electron') });
    expect(findElectron(work.dir, { ELECTRON_OVERRIDE_DIST_PATH: join(work.dir, 'nowhere') }).kind).toBe('missing');
    expect(findElectron(work.dir, { VPCLINK_NO_ELECTRON: '1' })).toEqual({
      kind: 'missing',
      reason: 'VPCLINK_NO_ELECTRON=1 is set',
    });
  });

  it('says plainly what is missing, how to get it, and what happens instead', () => {
    expect(electronMissingMessage('the electron package is not installed')).toBe(
      'The Electron runtime is not installed (the electron package is not installed).\n' +
        'To get the desktop window, run "npm install electron" on a machine with internet access (it downloads the Electron binary from GitHub), then "npm start" again.\n' +
        'Starting the browser mode instead.\n',
    );
  });
});
