import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { bundleElectron } from '../../cli/commands/app';
import { drawIcon, encodePng } from '../../build/icons/makeIcon';
import { ROOT, tempDir } from './helpers';

const CONFIG_PATH = join(ROOT, 'build', 'electron-builder.json');

async function config() {
  return JSON.parse(await readFile(CONFIG_PATH, 'utf8'));
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('is valid against electron-builder’s own schema', async () => {
    const schema = JSON.parse(await readFile(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(await config());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the app and the targets: Linux AppImage + deb, macOS dmg, Windows nsis', async () => {
    const c = await config();
    expect(c.appId).toBe('dev.vpclink.app');
    expect(c.productName).toBe('vpclink');
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.mac.target).toEqual(['dmg']);
    expect(c.win.target).toEqual(['nsis']);
    // Pinned to the version npm installs on Node 20 (toolchain.md).
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(c.electronVersion).toBe(pkg.optionalDependencies.electron);
    expect(c.extraMetadata.main).toBe('dist/electron/main.cjs');
    expect(c.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**']));
  });

  it('has the icons it names: a 512×512 PNG (and 256×256 for Linux), reproducible from makeIcon.ts', async () => {
    const icon = await readFile(join(ROOT, 'build', 'icons', 'icon.png'));
    expect(pngSize(icon)).toEqual({ width: 512, height: 512 });
    expect(pngSize(await readFile(join(ROOT, 'build', 'icons', '256x256.png')))).toEqual({ width: 256, height: 256 });
    expect(encodePng(512, 512, drawIcon(512)).equals(icon)).toBe(true);
  });

  // electron-builder's `dir` target is the one that runs offline, with a stand-in Electron dist
  // (toolchain.md). This packs the real bundled main process and preload.
  it('packs the app with the dir target and a stand-in Electron', { timeout: 90_000 }, async () => {
    const work = await tempDir('vpclink-pack-');
    try {
      const project = join(work.dir, 'project');
      const fakeElectron = join(work.dir, 'electron-dist');
      await mkdir(join(project, 'dist', 'renderer'), { recursive: true });
      await mkdir(fakeElectron, { recursive: true });
      await bundleElectron(ROOT, join(project, 'dist', 'electron'));
      await writeFile(join(project, 'dist', 'renderer', 'index.html'), '<!doctype html><title>vpclink</title>');
      await cp(join(ROOT, 'examples'), join(project, 'examples'), { recursive: true });
      await cp(join(ROOT, 'build', 'icons'), join(project, 'build', 'icons'), { recursive: true });
      await writeFile(
        join(project, 'package.json'),
        JSON.stringify({
          name: 'vpclink',
          version: '0.1.0',
          description: 'vpclink',
          author: 'vpclink contributors',
          license: 'MIT',
        }),
      );
      await writeFile(join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
      await chmod(join(fakeElectron, 'electron'), 0o755);
      await writeFile(join(fakeElectron, 'version'), 'v41.7.1');
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(
          join(ROOT, 'node_modules', '.bin', 'electron-builder'),
          ['--dir', '--linux', '--config', CONFIG_PATH, `-c.electronDist=${fakeElectron}`],
          {
            cwd: project,
            stdio: 'ignore',
          },
        );
        child.on('error', reject);
        child.on('exit', resolve);
      });
      expect(code).toBe(0);
      const { extractFile, listPackage } = await import('@electron/asar');
      const asar = join(project, 'release', 'linux-unpacked', 'resources', 'app.asar');
      const files = listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
      expect(files).toEqual(
        expect.arrayContaining([
          '/dist/electron/main.cjs',
          '/dist/electron/preload.cjs',
          '/dist/renderer/index.html',
          '/examples/cross-account.vpclink.json',
          '/package.json',
        ]),
      );
      expect(files.some((f) => f.startsWith('/node_modules'))).toBe(false);
      expect(JSON.parse(extractFile(asar, 'package.json').toString()).main).toBe('dist/electron/main.cjs');
    } finally {
      await work.cleanup();
    }
  });
});
