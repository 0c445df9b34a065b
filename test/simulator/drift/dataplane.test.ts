/**
 * Drift of ACLs, ENIs, prefix lists and peering connections: one edit of the live copy per row →
 * the drift it must report, and the ID mappings (journal, natural key, ACL tag) that keep a design
 * whose IDs the cloud replaced in sync.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareResources } from '../../../simulator/drift';
import { ownerMarker } from '../../../simulator/plan';
import { aclOwnerTag } from '../../../simulator/plan/networkAclChanges';
import { exampleRaw, load, type Raw } from '../reach/helpers';

const PCC_SAME = 'pcc-2zeb1vpc1tovpc2peer001';
const PCC_CROSS = 'pcc-m5e1vpc1tovpc2peer0002';

function fixtureRaw(): Raw {
  return JSON.parse(
    readFileSync(new URL('../document/fixtures/every-dataplane-field.vpclink.json', import.meta.url), 'utf8'),
  );
}

/** What an import of the peering example gives after apply: live IDs for both connections, Activated. */
function livePeering(): Raw {
  const raw = exampleRaw('peering');
  const ids: Record<string, string> = {
    [PCC_SAME]: 'pcc-live0000000000000001',
    [PCC_CROSS]: 'pcc-live0000000000000002',
  };
  for (const p of raw.vpcPeerConnections) {
    p.instanceId = ids[p.instanceId];
    p.status = 'Activated';
  }
  for (const t of raw.routeTables)
    for (const e of t.routeEntries) if (e.nextHopType === 'VpcPeer') e.nextHopId = ids[e.nextHopId];
  return raw;
}

describe('drift of peering connections', () => {
  const design = load(exampleRaw('peering'));

  it('live IDs the cloud gave are matched through the journal, and without it by the two VPCs', () => {
    const journal = { [PCC_SAME]: 'pcc-live0000000000000001', [PCC_CROSS]: 'pcc-live0000000000000002' };
    expect(compareResources(design, load(livePeering()), { vpcPeerConnectionIds: journal })).toEqual([]);
    expect(compareResources(design, load(livePeering()))).toEqual([]);
  });

  it.each<[string, (raw: Raw) => void, Array<[string, string, string, RegExp]>]>([
    [
      'a connection still waiting for the accepter',
      (raw) => (raw.vpcPeerConnections[1].status = 'Accepting'),
      [['vpcPeerConnection', 'pcc-live0000000000000002', 'changed', /status: document "Activated", live "Accepting"/]],
    ],
    [
      'a connection deleted behind vpclink (its routes with it)',
      (raw) => {
        raw.vpcPeerConnections.splice(0, 1);
        for (const t of raw.routeTables)
          t.routeEntries = t.routeEntries.filter((e: Raw) => e.nextHopId !== 'pcc-live0000000000000001');
      },
      [
        ['routeTable', 'vtb-2ze0bjvpc1system00001', 'changed', /route 172\.16\.100\.0\/24 → VpcPeer \S+ missing/],
        ['routeTable', 'vtb-bp10hzvpc2system00002', 'changed', /missing/],
        ['vpcPeerConnection', PCC_SAME, 'missing', /is in the document but not live/],
      ],
    ],
    [
      'a connection made outside vpclink',
      (raw) =>
        raw.vpcPeerConnections.push({
          instanceId: 'pcc-console00000000000001',
          vpcId: 'vpc-2ze12345678bjvpc1abcd',
          acceptingVpcId: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
          status: 'Activated',
        }),
      [['vpcPeerConnection', 'pcc-console00000000000001', 'unmanaged', /is not in the document/]],
    ],
  ])('%s', (_name, edit, expected) => {
    const raw = livePeering();
    edit(raw);
    const drift = compareResources(design, load(raw));
    expect(drift.map((d) => [d.kind, d.resourceId, d.state])).toEqual(expected.map(([k, id, s]) => [k, id, s]));
    drift.forEach((d, i) => expect(d.detail).toMatch(expected[i]![3]));
  });
});

describe('drift of ACLs, ENIs and prefix lists', () => {
  const design = load(fixtureRaw());

  it('a live copy is in sync', () => {
    expect(compareResources(design, load(fixtureRaw())).filter((d) => d.kind !== 'routeTable')).toEqual([]);
  });

  it('an ACL vpclink created (its design ID replaced, found by its Description tag) is in sync', () => {
    const live = fixtureRaw();
    live.networkAcls[0].networkAclId = 'nacl-live000000000000001';
    live.networkAcls[0].description = aclOwnerTag(ownerMarker(design), 'nacl-a');
    expect(compareResources(design, load(live)).filter((d) => d.kind === 'networkAcl')).toEqual([]);
  });

  it.each<[string, (raw: Raw) => void, [string, string, string, RegExp]]>([
    [
      'an ACL entry changed by hand',
      (raw) =>
        (raw.networkAcls[0].ingressAclEntries.find((e: Raw) => (e.entryType ?? 'custom') === 'custom').policy = 'drop'),
      ['networkAcl', 'nacl-a', 'changed', /ingressEntries: document \[.*"accept.*live \[.*"drop/],
    ],
    [
      'a vSwitch unbound from its ACL',
      (raw) => raw.networkAcls[0].resources.splice(0, 1),
      ['networkAcl', 'nacl-a', 'changed', /vSwitches: document/],
    ],
    [
      "an ENI's secondary IP released",
      (raw) => raw.networkInterfaces[0].privateIpSets.splice(1, 1),
      [
        'networkInterface',
        'eni-a1-primary',
        'changed',
        /privateIpAddresses: document \["10\.0\.1\.10","10\.0\.1\.11"\], live \["10\.0\.1\.10"\]/,
      ],
    ],
    [
      'a prefix list grown in the console',
      (raw) => raw.prefixLists[0].entries.push({ cidr: '203.0.113.0/24' }),
      ['prefixList', 'pl-office', 'changed', /entries: document .* live .*203\.0\.113\.0\/24/],
    ],
  ])('%s', (_name, edit, [kind, id, state, detail]) => {
    const raw = fixtureRaw();
    edit(raw);
    const drift = compareResources(design, load(raw)).filter((d) => d.kind === kind);
    expect(drift.map((d) => [d.kind, d.resourceId, d.state])).toEqual([[kind, id, state]]);
    expect(drift[0]!.detail).toMatch(detail);
  });
});
