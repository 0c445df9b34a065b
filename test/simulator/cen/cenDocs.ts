/**
 * CEN test documents: the transit-router example (three VPCs, one region) and the two-region
 * fixture (a peer attachment between Hangzhou and Beijing), loaded fresh for each mutation.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDocumentText, type Topology } from '../../../simulator/document';

const ROOT = resolve(__dirname, '../../..');
export const EXAMPLE_FILE = resolve(ROOT, 'examples/transit-router.vpclink.json');
export const TWO_REGIONS_FILE = resolve(ROOT, 'test/simulator/document/fixtures/every-cen-field.vpclink.json');

/** A loaded copy of a CEN document (JSON as written, then the mutation, then the load). */
export function cenDoc(file: string, mutate: (raw: any) => void = () => {}): Topology {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  mutate(raw);
  const result = loadDocumentText(JSON.stringify(raw));
  if (result.kind !== 'ok') throw new Error(`fixture does not load: ${JSON.stringify(result)}`);
  return result.document;
}

/** IDs of the example, by role. */
export const EX = {
  app: 'i-bp1app00000000000001',
  data: 'i-bp1data0000000000002',
  shared: 'i-bp1shared000000000003',
  appAttach: 'tr-attach-bp1app00000000001',
  dataAttach: 'tr-attach-bp1data0000000002',
  sharedAttach: 'tr-attach-bp1shared000000003',
  tr: 'tr-bp1hangzhou0000000001',
  defaultTable: 'vtb-bp1trdefault000000001',
  spokesTable: 'vtb-bp1trspokes0000000002',
} as const;
