/**
 * validate on CEN transit routers: the example and the two-region fixture are clean, and each
 * mutation yields exactly its code at its path (README "CEN transit routers", checkCen.ts).
 */
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../../../simulator/validate';
import { EXAMPLE_CASES, TWO_REGION_CASES } from '../validate/cenRows';
import { cenDoc, EXAMPLE_FILE, TWO_REGIONS_FILE } from './cenDocs';

const cenFindings = (file: string, mutate: (raw: any) => void) =>
  validateTopology(cenDoc(file, mutate))
    .filter((f) => f.code.startsWith('CEN_') || f.code.startsWith('ROUTE_NEXT_HOP'))
    .map((f) => `${f.severity} ${f.code} ${f.path}`);

describe('validate: CEN transit routers', () => {
  it('the example has no findings', () => {
    expect(validateTopology(cenDoc(EXAMPLE_FILE))).toEqual([]);
  });
  it('the two-region fixture has no CEN finding', () => {
    expect(cenFindings(TWO_REGIONS_FILE, () => {})).toEqual([]);
  });

  it.each(EXAMPLE_CASES)('%s', (_name, mutate, expected) => {
    expect(cenFindings(EXAMPLE_FILE, mutate).sort()).toEqual([...expected].sort());
  });

  it.each(TWO_REGION_CASES)('two regions: %s', (_name, mutate, expected) => {
    expect(cenFindings(TWO_REGIONS_FILE, mutate).sort()).toEqual([...expected].sort());
  });

  it('a document without CEN resources keeps an Attachment route as not simulated', () => {
    const codes = validateTopology(
      cenDoc(EXAMPLE_FILE, (d) => {
        for (const key of Object.keys(d)) if (key.startsWith('transitRouter') || key === 'cenInstances') delete d[key];
      }),
    ).map((f) => f.code);
    expect(codes).toEqual([
      'ROUTE_NEXT_HOP_NOT_SIMULATED',
      'ROUTE_NEXT_HOP_NOT_SIMULATED',
      'ROUTE_NEXT_HOP_NOT_SIMULATED',
    ]);
  });
});
