/**
 * ENIs (aliyun-dataplane.md §3). vpclink does not manage ENIs (the issue: secondary IPs are
 * read-only), so this shows what an import brought: the vSwitch, every private IP and the groups
 * that filter them (each ENI's own, §3.2). `EniList` is the instance inspector's list.
 */
import type { NetworkInterface, Topology } from '../../../simulator/document/schema';
import { useDoc, useIndex } from '../../state';
import { FindingsAt, Section } from '../fields';
import { Header, Link } from './common';

/** Every private IP of an ENI, the primary first, each once. */
export function eniAddresses(eni: NetworkInterface): string[] {
  const all = [eni.privateIpAddress, ...(eni.privateIpSets ?? []).map((s) => s.privateIpAddress)];
  return [...new Set(all)];
}

export function enisOfInstance(doc: Topology, instanceId: string): NetworkInterface[] {
  return (doc.networkInterfaces ?? []).filter((n) => n.instanceId === instanceId);
}

function EniDetails({ eni }: { readonly eni: NetworkInterface }) {
  const index = useIndex();
  const addresses = eniAddresses(eni);
  return (
    <>
      <p className="small pad">
        vSwitch <Link id={eni.vSwitchId}>{index.vSwitches.get(eni.vSwitchId)?.name ?? eni.vSwitchId}</Link>
        {eni.instanceId && (
          <>
            {' '}
            · attached to <Link id={eni.instanceId}>{index.instances.get(eni.instanceId)?.name ?? eni.instanceId}</Link>
          </>
        )}
      </p>
      <div className="small pad">
        Private IPs:{' '}
        {addresses.map((a, n) => (
          <span key={a} className="mono" data-testid="eni-ip">
            {n > 0 ? ', ' : ''}
            {a}
            {n === 0 ? ' (primary)' : ''}
          </span>
        ))}
      </div>
      <div className="small pad">
        Security groups:{' '}
        {eni.securityGroupIds.map((g, n) => (
          <span key={g}>
            {n > 0 ? ', ' : ''}
            <Link id={g}>{index.securityGroups.get(g)?.name ?? g}</Link>
          </span>
        ))}
      </div>
    </>
  );
}

export function NetworkInterfaceForm({ id, path }: { readonly id: string; readonly path: string }) {
  const eni = useDoc((s) => (s.doc.networkInterfaces ?? []).find((n) => n.networkInterfaceId === id));
  if (!eni) return null;
  return (
    <>
      <Header kind={`${eni.type ?? 'Secondary'} ENI`} title={eni.name ?? id} id={id} />
      <EniDetails eni={eni} />
      <p className="small pad dim">Read-only: vpclink does not create or change ENIs; import them from the cloud.</p>
      <FindingsAt path={path} />
    </>
  );
}

/** The ENIs of an instance, primary first; each is selectable. */
export function EniList({ instanceId }: { readonly instanceId: string }) {
  const doc = useDoc((s) => s.doc);
  const enis = enisOfInstance(doc, instanceId).sort(
    (a, b) => Number(b.type === 'Primary') - Number(a.type === 'Primary'),
  );
  if (enis.length === 0) return null;
  return (
    <Section title={`Network interfaces (${enis.length})`}>
      <ul className="eni-list" data-testid="eni-list">
        {enis.map((eni) => (
          <li key={eni.networkInterfaceId} data-testid={`eni-${eni.networkInterfaceId}`}>
            <Link id={eni.networkInterfaceId}>{eni.name ?? eni.networkInterfaceId}</Link>{' '}
            <span className="dim">{eni.type ?? 'Secondary'}</span>{' '}
            <span className="mono small">{eniAddresses(eni).join(', ')}</span>{' '}
            <span className="dim small">{eni.securityGroupIds.join(', ')}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
