import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDocumentText } from '../../simulator/document/load';
import type { Topology } from '../../simulator/document/schema';

const ROOT = resolve(__dirname, '../..');

export function example(name: string): Topology {
  const result = loadDocumentText(readFileSync(resolve(ROOT, 'examples', `${name}.vpclink.json`), 'utf8'));
  if (result.kind !== 'ok') throw new Error(`example ${name} does not load`);
  return result.document;
}
