// Differential test of load + validate: seeded random mutations of real documents (the small
// fixture, the CEN and dataplane examples, generated S and M estates), each loaded from its text
// and validated; the whole outcome (fatal, schema issues, or every finding with its order,
// message and fields) is hashed and compared with the outcome the code gave before the load and
// validate paths were optimised (issue 16), recorded in differential.golden.json.
// A changed hash means a changed output: find out why before regenerating
// (`UPDATE_DIFFERENTIAL_GOLDEN=1 npx vitest run test/simulator/validate/differential.test.ts`).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../../bench/generate';
import { loadDocumentText } from '../../../simulator/document';
import { validateTopology } from '../../../simulator/validate';
import { baseDocument } from './fixtures';
import { seededRandom } from '../../../bench/lib/measure';

const GOLDEN = new URL('./differential.golden.json', import.meta.url);
const EXAMPLES = new URL('../document/fixtures/', import.meta.url);

/** Values that trip the checks: bad and edge CIDRs, addresses, ports, policies, words. */
const TRICKY = [
  '10.0.0.0/8',
  '10.0.0.1/8',
  '10.0.0.0',
  '10.0.0.0/33',
  '010.0.0.0/8',
  '0.0.0.0/0',
  '192.168.1.0/24',
  '192.168.1.5',
  '192.168.1.255',
  '172.16.0.0/12',
  '100.64.0.0/10',
  '::/0',
  '2001:db8::/32',
  'not a cidr',
  '',
  '-1/-1',
  '22/22',
  '80/70',
  '1/65535',
  '0/0',
  'Drop',
  'accept',
  'ALL',
  'tcp',
  'GRE',
  'pl-none',
  'Available',
  'Pending',
  'VpcPeer',
  'Instance',
  'NewHopType',
  'Active',
  'Inactive',
  'Custom',
  'System',
  'enterprise',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Slot {
  readonly parent: Json[] | { [key: string]: Json };
  readonly key: string | number;
}

function slots(value: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push({ parent: value, key: i });
      slots(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push({ parent: value, key });
      slots(value[key]!, out);
    }
  }
  return out;
}

function read(slot: Slot): Json {
  return (slot.parent as Record<string | number, Json>)[slot.key]!;
}

/** One random change: a value from elsewhere in the document (same field), a tricky value, a deletion, a copy. */
function mutate(document: Json, next: () => number): void {
  const all = slots(document);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const slot = pick(all);
  const current = read(slot);
  const roll = next();
  const parent = slot.parent as Record<string | number, Json>;
  if (Array.isArray(slot.parent)) {
    if (roll < 0.4) slot.parent.splice(slot.key as number, 1);
    else if (roll < 0.8) slot.parent.push(JSON.parse(JSON.stringify(current)) as Json);
    else parent[slot.key] = JSON.parse(JSON.stringify(pick(slot.parent))) as Json;
    return;
  }
  if (roll < 0.1) {
    delete parent[slot.key];
  } else if (typeof current === 'string' && roll < 0.55) {
    const sameField = all.filter((s) => s.key === slot.key && typeof read(s) === 'string').map(read);
    parent[slot.key] = pick(sameField);
  } else if (typeof current === 'string' && roll < 0.95) {
    parent[slot.key] = pick(TRICKY);
  } else if (typeof current === 'number') {
    parent[slot.key] = pick([0, -1, 1, 5, 100, 101, 1.5, 65536, 2 ** 53]);
  } else if (roll < 0.97) {
    parent[slot.key] = pick([null, 7, 'text', [], {}, true]);
  } else if (typeof current === 'object' && current !== null) {
    parent[slot.key] = JSON.parse(JSON.stringify(current)) as Json;
  }
}

function outcome(text: string): { readonly kind: string; readonly body: string } {
  const loaded = loadDocumentText(text);
  if (loaded.kind !== 'ok') return { kind: loaded.kind, body: JSON.stringify(loaded) };
  const findings = validateTopology(loaded.document);
  return { kind: findings.length ? 'findings' : 'clean', body: JSON.stringify({ loaded, findings }) };
}

function example(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8')) as Json;
}

const BASES: ReadonlyArray<{ readonly name: string; readonly document: () => Json; readonly mutants: number }> = [
  { name: 'fixture', document: () => baseDocument() as Json, mutants: 250 },
  { name: 'cen', document: () => example('every-cen-field.vpclink.json'), mutants: 150 },
  { name: 'dataplane', document: () => example('every-dataplane-field.vpclink.json'), mutants: 150 },
  { name: 'S1', document: () => JSON.parse(JSON.stringify(generateTopology('S', 1))) as Json, mutants: 80 },
  { name: 'S2', document: () => JSON.parse(JSON.stringify(generateTopology('S', 2))) as Json, mutants: 80 },
  { name: 'M1', document: () => JSON.parse(JSON.stringify(generateTopology('M', 1))) as Json, mutants: 6 },
];

/** Nesting around the 64-level guard (jsonDepth.ts): in unknown fields, at the top or deep inside, valid or not. */
function nestingTexts(): Array<readonly [string, string]> {
  const small = JSON.stringify(baseDocument());
  const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const inVpc = (value: string) => small.replace('"vpcId":"vpc-a",', `"vpcId":"vpc-a","extra":${value},`);
  const top = (value: string) => small.replace('"version":1,', `"version":1,"extra":${value},`);
  return [
    ['top arrays 62', top(arrays(62))],
    ['top arrays 63', top(arrays(63))],
    ['top arrays 64', top(arrays(64))],
    ['top objects 63', top(objects(63))],
    ['top objects 64', top(objects(64))],
    ['top arrays 20000', top(arrays(20_000))],
    ['vpc arrays 60', inVpc(arrays(60))],
    ['vpc arrays 61', inVpc(arrays(61))],
    ['vpc arrays 62', inVpc(arrays(62))],
    ['vpc objects 61', inVpc(objects(61))],
    ['vpc objects 62', inVpc(objects(62))],
    ['deep then bad JSON', top(arrays(100)).slice(0, -3)],
    ['shallow then bad JSON', top(arrays(3)).slice(0, -3)],
    ['deep and not a topology', `{"format":"x","extra":${arrays(70)}}`],
    ['deep format', `{"format":${arrays(20_000)},"version":1}`],
    ['deep version', `{"format":"vpclink/topology","version":${objects(20_000)}}`],
    ['deep document', arrays(20_000)],
    ['deep in a declared field', small.replace('"cidrBlock":"192.168.0.0/16"', `"cidrBlock":${arrays(20_000)}`)],
    ['deep under a rule', small.replace('"direction":"ingress",', `"direction":"ingress","extra":${objects(70)},`)],
    ['deep and a bad field', top(arrays(70)).replace('"cidrBlock":"192.168.0.0/16"', '"cidrBlock":7')],
    ['shallow and a bad field', top(arrays(7)).replace('"cidrBlock":"192.168.0.0/16"', '"cidrBlock":7')],
    ['brackets in strings', top(JSON.stringify('['.repeat(100) + '\\"' + '{'.repeat(100)))],
  ];
}

function corpusOutcomes(): Map<string, { readonly kind: string; readonly hash: string }> {
  const out = new Map<string, { readonly kind: string; readonly hash: string }>();
  for (const [name, text] of nestingTexts()) {
    const result = outcome(text);
    out.set(`nesting: ${name}`, {
      kind: result.kind,
      hash: createHash('sha256').update(result.body).digest('hex').slice(0, 20),
    });
  }
  BASES.forEach((base, b) => {
    const pristine = JSON.stringify(base.document());
    for (let m = 0; m <= base.mutants; m++) {
      const next = seededRandom(1000 * (b + 1) + m);
      const document = JSON.parse(pristine) as Json;
      // Mutant 0 is the document as it is; the others carry one to four changes.
      const changes = m === 0 ? 0 : 1 + Math.floor(next() * 4);
      for (let c = 0; c < changes; c++) mutate(document, next);
      const result = outcome(JSON.stringify(document, null, m % 2 ? 2 : 0));
      out.set(`${base.name}#${m}`, {
        kind: result.kind,
        hash: createHash('sha256').update(result.body).digest('hex').slice(0, 20),
      });
    }
  });
  return out;
}

describe('load + validate: outcomes unchanged on a seeded corpus of mutated documents', () => {
  const actual = corpusOutcomes();

  it('the corpus exercises every outcome (not only clean documents)', () => {
    const kinds: Record<string, number> = {};
    for (const { kind } of actual.values()) kinds[kind] = (kinds[kind] ?? 0) + 1;
    expect(kinds.findings).toBeGreaterThan(300);
    expect(kinds.invalid).toBeGreaterThan(50);
    expect(kinds.clean).toBeGreaterThan(2);
  });

  it('every outcome hashes as recorded', () => {
    const recorded = Object.fromEntries([...actual].map(([name, { hash }]) => [name, hash]));
    if (process.env.UPDATE_DIFFERENTIAL_GOLDEN === '1') {
      writeFileSync(GOLDEN, JSON.stringify(recorded, null, 1) + '\n');
    }
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    const changed = Object.keys(golden).filter((name) => golden[name] !== recorded[name]);
    expect(changed).toEqual([]);
    expect(Object.keys(recorded).sort()).toEqual(Object.keys(golden).sort());
  });
});
