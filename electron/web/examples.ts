/**
 * The bundled examples (`<repo>/examples/<name>.vpclink.json`) and the new, empty document.
 * Examples are opened by NAME, never by path, so nothing outside the examples folder is reached.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CURRENT_VERSION, FORMAT } from '../../simulator/document';
import type { ExampleInfo, OpenedDocument } from '../common/hostApi';
import { fail } from './errors';

const EXAMPLE_SUFFIX = '.vpclink.json';

export function newDocument(): OpenedDocument {
  const text = JSON.stringify({ format: FORMAT, version: CURRENT_VERSION, accounts: [], vpcs: [] }, null, 2) + '\n';
  return { text, path: null, title: 'Untitled', origin: 'new' };
}

export async function listExamples(examplesDir: string): Promise<ExampleInfo[]> {
  let names: string[];
  try {
    names = (await readdir(examplesDir)).filter((n) => n.endsWith(EXAMPLE_SUFFIX)).sort();
  } catch {
    return [];
  }
  const out: ExampleInfo[] = [];
  for (const file of names) {
    const name = file.slice(0, -EXAMPLE_SUFFIX.length);
    let title = name;
    let description = '';
    try {
      const raw = JSON.parse(await readFile(join(examplesDir, file), 'utf8')) as {
        name?: unknown;
        description?: unknown;
      };
      if (typeof raw.name === 'string') title = raw.name;
      if (typeof raw.description === 'string') description = raw.description;
    } catch {
      continue; // not a readable example: leave it out of the list
    }
    out.push({ name, title, description });
  }
  return out;
}

export async function openExample(examplesDir: string, name: string): Promise<OpenedDocument> {
  // A name, not a path: nothing outside the examples folder can be reached through it.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) {
    fail('BAD_REQUEST', `example name "${name}" is not valid: use a name from listExamples()`, {
      field: 'args[0]',
    });
  }
  const file = join(examplesDir, `${name}${EXAMPLE_SUFFIX}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    fail('NOT_FOUND', `there is no example named "${name}"`);
  }
  return { text, path: null, title: `${name} (example)`, origin: 'example' };
}
