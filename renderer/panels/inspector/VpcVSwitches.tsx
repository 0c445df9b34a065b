/**
 * A VPC's vSwitches with their CIDR blocks, editable right in the VPC's inspector: sketching a VPC
 * takes one selection, not one per vSwitch. Instances follow their vSwitch's new block (quickAdd.ts).
 */
import { useDoc, useIndex } from '../../state';
import { setVSwitchCidr } from '../../store/quickAdd';
import { Section, TextField, validators } from '../fields';
import { change, Link } from './common';

export function VpcVSwitches({ vpcId }: { readonly vpcId: string }) {
  const index = useIndex();
  const all = useDoc((s) => s.doc.vSwitches);
  const vSwitches = index.vSwitchesByVpc.get(vpcId) ?? [];
  if (vSwitches.length === 0) return null;
  return (
    <Section title="vSwitches">
      {vSwitches.map((s, n) => {
        const instances = [...index.instances.values()].filter((i) => i.vSwitchId === s.vSwitchId);
        return (
          <div key={s.vSwitchId} className="vpc-vswitch" data-testid="vpc-vswitch">
            <TextField
              label={`CIDR block of ${s.name ?? s.vSwitchId}`}
              value={s.cidrBlock}
              path={`/vSwitches/${all.indexOf(s)}/cidrBlock`}
              validate={validators.cidr}
              mono
              onChange={(v) =>
                change('Edit vSwitch CIDR', (d) => setVSwitchCidr(d, s.vSwitchId, v), `${s.vSwitchId}/cidrBlock`)
              }
              testId={`vpc-vswitch-cidr-${n}`}
              hint={
                <>
                  <Link id={s.vSwitchId}>{s.zoneId}</Link>
                  {instances.length > 0 &&
                    ` · ${instances.map((i) => `${i.name ?? i.instanceId} ${i.privateIpAddress}`).join(', ')}`}
                </>
              }
            />
          </div>
        );
      })}
    </Section>
  );
}
