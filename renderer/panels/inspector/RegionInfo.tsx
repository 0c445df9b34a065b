/** A region group on the diagram: the account's VPCs in that region. */
import { useShallow } from 'zustand/react/shallow';
import { regionLabel } from '../../regions';
import { useDoc } from '../../state';
import { Header, Link, plural } from './common';

export function RegionInfo({ id }: { readonly id: string }) {
  const [, accountId, regionId] = /^region:(.+):([^:]+)$/.exec(id) ?? [];
  const vpcs = useDoc(
    useShallow((s) => s.doc.vpcs.filter((v) => v.accountId === accountId && v.regionId === regionId)),
  );
  return (
    <>
      <Header kind="Region" title={regionLabel(regionId ?? id)} id={accountId ?? ''} />
      <p className="pad">
        {plural(vpcs.length, 'VPC')} of account {accountId} in {regionId}.
      </p>
      <ul className="pad">
        {vpcs.map((v) => (
          <li key={v.vpcId}>
            <Link id={v.vpcId}>{v.name ?? v.vpcId}</Link> <span className="mono dim">{v.cidrBlock}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
