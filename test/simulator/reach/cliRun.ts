/** An in-memory CliIo for running `main([...], io)` in-process, and a real spawn of the binary. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CliIo } from '../../../cli/io';
import { main } from '../../../cli/main';

export const ROOT = join(__dirname, '..', '..', '..');

export async function run(
  argv: string[],
  cwd = ROOT,
  env: CliIo['env'] = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env,
    signal: new AbortController().signal,
    isTty: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export function spawnCli(argv: string[], cwd = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'cli', 'vpclink.js'), ...argv], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
