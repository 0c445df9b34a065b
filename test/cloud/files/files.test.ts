import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../cloud/files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates a file and replaces it, leaving no temp file behind', async () => {
    const path = join(dir, 'doc.json');
    await writeFileAtomic(path, 'first\n');
    await writeFileAtomic(path, new TextEncoder().encode('second\n'));
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('applies the mode (0600 for files holding secrets)', async () => {
    const path = join(dir, 'secret.json');
    await writeFileAtomic(path, '{}', { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('on failure keeps the original and removes the temp file', async () => {
    const target = join(dir, 'is-a-dir');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'keep');
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('keep');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'file.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('concurrent writers never leave a torn file: the result is one complete version', async () => {
    const path = join(dir, 'race.json');
    const versions = Array.from({ length: 20 }, (_, i) => JSON.stringify({ version: i, pad: 'x'.repeat(20_000 + i) }));
    await Promise.all(versions.map((v) => writeFileAtomic(path, v)));
    expect(versions).toContain(await readFile(path, 'utf8'));
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
