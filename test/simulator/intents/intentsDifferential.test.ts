/**
 * The differential test of intent evaluation (issue 16): on generated estates with random intents
 * (instance, ENI, address, vSwitch, VPC and account ends; every protocol; both expectations), the
 * report read from matrices — among a few instances, or the whole estate's — must list exactly
 * the violations that a `check` of every pair lists, in the same order, with the same verdicts
 * and blockers.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/lib/measure';
import { generateTopology } from '../../../bench/generate';
import type { Instance, Intent, Topology } from '../../../simulator/document';
import { createVerdicts, evaluateIntents } from '../../../simulator/intents';
import { createReachability } from '../../../simulator/reach';
import { FLOWS, load } from '../reach/helpers';
import { violationsByChecks } from './byChecks';

/** Random intents over every kind of end; group ends of one flow often enough that a matrix pays off. */
function randomIntents(doc: Topology, random: () => number, count: number): Intent[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const enis = doc.networkInterfaces ?? [];
  const ends = (side: 'from' | 'to'): string => {
    const kind = random();
    if (kind < 0.3) return pick(doc.vpcs).vpcId;
    if (kind < 0.5) return pick(doc.vSwitches).vSwitchId;
    if (kind < 0.6) return pick(doc.accounts).accountId;
    if (kind < 0.8) return pick(doc.instances).instanceId;
    if (kind < 0.87 && enis.length > 0) return pick(enis).networkInterfaceId;
    if (kind < 0.94) return pick(doc.instances).privateIpAddress;
    // An address nobody holds is a destination only.
    return side === 'to' ? '10.0.255.254' : pick(doc.vSwitches).vSwitchId;
  };
  return Array.from({ length: count }, (): Intent => {
    // Two flows carry most intents, so their pairs add up past the matrix threshold.
    const flow = random() < 0.8 ? FLOWS[Math.floor(random() * 2)]! : pick(FLOWS);
    return {
      from: ends('from'),
      to: ends('to'),
      expect: random() < 0.5 ? 'reachable' : 'unreachable',
      protocol: flow.protocol,
      ...(flow.port === null ? {} : { port: flow.port }),
    };
  });
}

describe('assert: intents read from matrices agree with a check of every pair', () => {
  it.each([
    ['S', 1],
    ['S', 4],
    ['M', 2],
    ['M', 7],
  ] as const)('%s estate, seed %i', (size, seed) => {
    const estate = generateTopology(size, seed);
    const raw = JSON.parse(JSON.stringify(estate));
    // A next hop vpclink does not simulate, so some pairs are `undetermined` (which no intent accepts).
    raw.routeTables.forEach((t: { routeEntries: Array<{ nextHopType: string }> }, i: number) => {
      if (i % 3 === 0 && t.routeEntries.length > 0) t.routeEntries[0]!.nextHopType = 'NatGateway';
    });
    // What a matrix among a few instances must not get wrong: a stopped instance, and a duplicated
    // ID (the simulator keeps the first) whose second copy sits elsewhere with other groups.
    raw.instances[1].status = 'Stopped';
    raw.instances.push({ ...raw.instances[raw.instances.length - 1], instanceId: raw.instances[0].instanceId });
    const intents = randomIntents(estate, seededRandom(seed), 16);
    // On M some pairs are then undetermined: one intent between the VPCs of such a pair.
    const undetermined = createReachability(load(raw)).matrix({ protocol: 'icmp', port: null });
    const [s, d] = undetermined.undetermined?.[0] ?? [];
    const vpcOf = (i: number) => estate.vSwitches.find((v) => v.vSwitchId === estate.instances[i]!.vSwitchId)!.vpcId;
    const vpcOfId = (id: string) =>
      estate.vSwitches.find((v) => v.vSwitchId === raw.instances.find((i: Instance) => i.instanceId === id).vSwitchId)!
        .vpcId;
    const last = raw.instances[raw.instances.length - 2].instanceId;
    for (const [from, to] of [
      [vpcOfId(raw.instances[0].instanceId), vpcOfId(last)],
      [vpcOfId(last), vpcOfId(raw.instances[1].instanceId)],
    ])
      intents.push({ from: from!, to: to!, expect: 'unreachable', protocol: 'icmp' });
    if (s !== undefined && d !== undefined)
      intents.push({ from: vpcOf(s), to: vpcOf(d), expect: 'reachable', protocol: 'icmp' });
    const doc = load({ ...raw, intents });
    // The evaluation under test, with its matrices recorded: how many instances each one had.
    const verdicts = createVerdicts(doc);
    const matrixSizes: number[] = [];
    const outcome = evaluateIntents(doc, {
      ...verdicts,
      among: (ids, protocol, port) => {
        const matrix = verdicts.among(ids, protocol, port);
        matrixSizes.push(matrix?.instances.length ?? -1);
        return matrix;
      },
    });
    if (outcome.kind !== 'ok') throw new Error(JSON.stringify(outcome.problems));
    // The reference: every ordered pair of every intent, one `check` each.
    const reference = createVerdicts(doc);
    doc.intents!.forEach((intent, i) => {
      const { violations } = violationsByChecks(doc, intent, reference);
      expect(outcome.report.results[i]!.violations, `intent ${i}: ${JSON.stringify(intent)}`).toEqual(violations);
      expect(outcome.report.results[i]!.holds).toBe(violations.length === 0);
    });
    // A matrix was read (not only checks); on M, one among a few instances of the estate.
    expect(matrixSizes.length).toBeGreaterThan(0);
    const verdictsSeen = outcome.report.results.flatMap((r) => r.violations.map((v) => v.verdict));
    if (size === 'M') expect(verdictsSeen).toContain('undetermined');
    if (size === 'M') expect(matrixSizes.some((n) => n > 0 && n < doc.instances.length)).toBe(true);
  });
});

describe('assert: intents that share pairs', () => {
  it('trace each flow once and list, intent by intent, what a check of every pair lists', () => {
    const estate = generateTopology('S', 2);
    const instance = estate.instances[0]!;
    const vSwitch = estate.vSwitches.find((v) => v.vSwitchId === instance.vSwitchId)!;
    const other = estate.vpcs.find((v) => v.vpcId !== vSwitch.vpcId)!.vpcId;
    // A VPC to a VPC, one of its vSwitches to the same VPC, one of its instances, both ways, and repeats.
    const flows = [
      { from: vSwitch.vpcId, to: other },
      { from: vSwitch.vSwitchId, to: other },
      { from: instance.instanceId, to: other },
      { from: other, to: vSwitch.vpcId },
      { from: other, to: instance.instanceId },
    ];
    const intents: Intent[] = [...flows, ...flows].flatMap((f) => [
      { ...f, expect: 'reachable', protocol: 'icmp' },
      { ...f, expect: 'unreachable', protocol: 'tcp', port: 22 },
    ]);
    const doc = load({ ...JSON.parse(JSON.stringify(estate)), intents });
    const verdicts = createVerdicts(doc);
    const asked = new Map<string, number>();
    const outcome = evaluateIntents(doc, {
      ...verdicts,
      pair: (from, to, protocol, port, unchanged) => {
        const key = `${from} ${to} ${protocol} ${port}`;
        asked.set(key, (asked.get(key) ?? 0) + 1);
        return verdicts.pair(from, to, protocol, port, unchanged);
      },
    });
    if (outcome.kind !== 'ok') throw new Error(JSON.stringify(outcome.problems));
    const reference = createVerdicts(doc);
    doc.intents!.forEach((intent, i) => {
      const { violations } = violationsByChecks(doc, intent, reference);
      expect(outcome.report.results[i]!.violations, `intent ${i}: ${JSON.stringify(intent)}`).toEqual(violations);
    });
    // Pairs were traced (the intents are small), and none twice although every one is asked by several intents.
    expect(asked.size).toBeGreaterThan(10);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
  });
});
