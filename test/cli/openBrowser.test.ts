/** `vpclink app` in browser mode opens the address with the platform's opener, and says so when it cannot. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openInBrowser } from '../../cli/commands/serve';
import type { CliIo } from '../../cli/io';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpclink-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ioWith(env: Record<string, string>): { io: CliIo; stderr: string[] } {
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => stderr.push(text),
    cwd: dir,
    env,
    signal: new AbortController().signal,
    isTty: false,
  };
  return { io, stderr };
}

describe.runIf(process.platform === 'linux')('openInBrowser (Linux: xdg-open)', () => {
  it('without a display it opens nothing and says why', () => {
    const { io, stderr } = ioWith({ PATH: dir });
    openInBrowser('http://127.0.0.1:1/?token=x', io);
    expect(stderr.join('')).toBe(
      'vpclink: could not open a browser (no display: neither DISPLAY nor WAYLAND_DISPLAY is set); ' +
        'open the address above yourself\n',
    );
  });

  it('a missing opener is said once the spawn fails (it used to be dropped silently)', async () => {
    const { io, stderr } = ioWith({ DISPLAY: ':99', PATH: dir }); // an empty folder: no xdg-open on the PATH
    openInBrowser('http://127.0.0.1:1/?token=x', io);
    await vi.waitFor(() =>
      expect(stderr.join('')).toContain('could not open a browser (xdg-open: spawn xdg-open ENOENT)'),
    );
    expect(stderr).toHaveLength(1);
  });
});
