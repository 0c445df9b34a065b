// Validation's lookups (simulator/validate/lookups.ts) must answer as the full topology index does
// on the same document: the same entries, the same first-wins choice among repeated IDs, and a
// member count per security group equal to the index's member list length.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../../bench/generate';
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { RESOURCE_ARRAYS } from '../../../simulator/document/schema';
import { buildTopologyIndex } from '../../../simulator/model/topologyIndex';
import { buildValidationLookups } from '../../../simulator/validate/lookups';
import { baseDocument } from './fixtures';

function loaded(raw: unknown): Topology {
  const result = loadDocumentValue(raw);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result).slice(0, 300));
  return result.document;
}

function example(name: string): Topology {
  return loaded(JSON.parse(readFileSync(new URL(`../document/fixtures/${name}`, import.meta.url), 'utf8')));
}

/** The fixture with repeated IDs in every looked-up array and an instance listing its group twice. */
function withRepeats(): Topology {
  const raw = baseDocument();
  for (const array of Object.keys(RESOURCE_ARRAYS) as Array<keyof typeof RESOURCE_ARRAYS>) {
    const items = raw[array] as Array<Record<string, unknown>>;
    // A second item with the first one's ID but other contents: the first must win.
    items.push({ ...structuredClone(items[items.length - 1]!), ...idOf(array, items[0]!) });
  }
  const instance = (raw.instances as Array<{ securityGroupIds: string[] }>)[0]!;
  instance.securityGroupIds = [...instance.securityGroupIds, instance.securityGroupIds[0]!];
  return loaded(raw);
}

function idOf(array: keyof typeof RESOURCE_ARRAYS, item: Record<string, unknown>): Record<string, unknown> {
  const field = RESOURCE_ARRAYS[array];
  return { [field]: item[field] };
}

const DOCUMENTS: ReadonlyArray<readonly [string, () => Topology]> = [
  ['the fixture', () => loaded(baseDocument())],
  ['repeated IDs', withRepeats],
  ['the CEN example', () => example('every-cen-field.vpclink.json')],
  ['the dataplane example', () => example('every-dataplane-field.vpclink.json')],
  ['generated S', () => loaded(JSON.parse(JSON.stringify(generateTopology('S', 3))))],
];

describe('validation lookups agree with the topology index', () => {
  it.each(DOCUMENTS)('%s', (_name, make) => {
    const document = make();
    const index = buildTopologyIndex(document);
    const lookups = buildValidationLookups(document);
    const { memberCountBySecurityGroup, ...shared } = lookups;
    for (const [key, map] of Object.entries(shared)) {
      // Same keys in the same order, and the very same objects (first wins); resolved route
      // tables are built per call (compared by value), lists by their items.
      const expected = index[key as keyof typeof shared] as ReadonlyMap<string, unknown>;
      expect([...map.keys()], key).toEqual([...expected.keys()]);
      for (const [id, value] of map) {
        const other = expected.get(id);
        if (key === 'routeTables' || key === 'systemRouteTableByVpc') expect(value, `${key} ${id}`).toEqual(other);
        else if (Array.isArray(value)) {
          expect(value, `${key} ${id}`).toHaveLength((other as unknown[]).length);
          value.forEach((item, i) => expect(item, `${key} ${id} [${i}]`).toBe((other as unknown[])[i]));
        } else expect(value, `${key} ${id}`).toBe(other);
      }
    }
    expect(Object.fromEntries(memberCountBySecurityGroup)).toEqual(
      Object.fromEntries([...index.instancesBySecurityGroup].map(([id, members]) => [id, members.length])),
    );
  });

  it('the repeated-IDs document really repeats (the first-wins case is exercised)', () => {
    const document = withRepeats();
    expect(document.vpcs.filter((v) => v.vpcId === document.vpcs[0]!.vpcId)).toHaveLength(2);
    expect(new Set(document.instances[0]!.securityGroupIds).size).toBeLessThan(
      document.instances[0]!.securityGroupIds.length,
    );
  });
});
