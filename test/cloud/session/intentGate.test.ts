/** Apply's intent gate and the intents of verification, on documents (the sandbox runs are in test/cli/applyIntents.test.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIntentsOn } from '../../../cloud/apply';
import { refuseViolatedIntents, violatedIntents } from '../../../cloud/session';
import { loadDocumentText } from '../../../simulator/document/load';
import type { Topology } from '../../../simulator/document';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';

function example(): Topology {
  const text = readFileSync(join(__dirname, '../../../examples/cross-account.vpclink.json'), 'utf8');
  const result = loadDocumentText(text);
  if (result.kind !== 'ok') throw new Error('example does not load');
  return result.document;
}

describe('apply refuses a document that violates its intents', () => {
  it('refuses with INTENT_VIOLATED naming the intent and its pair; nothing when every intent holds', () => {
    const doc = example();
    const holding: Topology = { ...doc, intents: [{ from: A, to: B, protocol: 'icmp', expect: 'reachable' }] };
    expect(refuseViolatedIntents(holding, '/j.json')).toBeUndefined();
    expect(refuseViolatedIntents(doc, '/j.json')).toBeUndefined();
    const violating: Topology = {
      ...doc,
      intents: [
        { from: A, to: B, protocol: 'icmp', expect: 'reachable' },
        { name: 'isolated', from: A, to: B, protocol: 'icmp', expect: 'unreachable' },
      ],
    };
    const refused = refuseViolatedIntents(violating, '/j.json');
    expect(refused?.outcome).toBe('refused');
    expect(refused?.created).toEqual([]);
    expect(refused?.problems?.map((p) => [p.code, p.severity])).toEqual([['INTENT_VIOLATED', 'error']]);
    expect(refused?.problems?.[0]?.message).toContain(`intent "isolated" is violated: ${A} → ${B} is reachable`);
    expect(violatedIntents(violating)).toHaveLength(1);
  });
});

describe('verification evaluates the intents on the live state', () => {
  it('an intent that holds on the design fails on a live state where the path is missing or an end is gone', () => {
    const desired: Topology = { ...example(), intents: [{ from: A, to: B, protocol: 'icmp', expect: 'reachable' }] };
    expect(checkIntentsOn(desired, desired).map((i) => i.holds)).toEqual([true]);
    const noRoutes = {
      ...desired,
      intents: undefined,
      routeTables: desired.routeTables.map((t) => ({ ...t, routeEntries: [] })),
    };
    const [onLive] = checkIntentsOn(desired, noRoutes);
    expect(onLive?.holds).toBe(false);
    expect(onLive?.violations[0]).toMatchObject({ from: A, to: B, verdict: 'unreachable' });
    const gone = { ...desired, intents: undefined, instances: desired.instances.filter((i) => i.instanceId !== B) };
    const [missing] = checkIntentsOn(desired, gone);
    expect(missing?.holds).toBe(false);
    expect(missing?.problem).toContain('/intents/0/to');
  });
});
