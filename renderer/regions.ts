/**
 * The region picker's rules over the one region table (simulator/model/regions.ts). A static table
 * on purpose: the app must work offline and in a sketch, before any account is connected; a
 * document that already names another region keeps it (shown as "not in the list"), it is only
 * never typed in freely.
 */
import { ALIBABA_REGIONS } from '../simulator/model/regions';

export { ALIBABA_REGIONS };

const BY_ID = new Map(ALIBABA_REGIONS.map((r) => [r.id, r]));

export function isKnownRegion(id: string): boolean {
  return BY_ID.has(id);
}

/** `China (Beijing) · cn-beijing`, or the bare ID for one not in the table. */
export function regionLabel(id: string): string {
  const region = BY_ID.get(id);
  return region ? `${region.name} · ${id}` : id;
}

/** Why a typed region is refused, or null when it is a region ID of the table. */
export function regionError(value: string): string | null {
  if (value.trim() === '') return 'required: pick a region from the list';
  if (isKnownRegion(value.trim())) return null;
  return `"${value}" is not an Alibaba Cloud region ID — pick one from the list (e.g. cn-hangzhou)`;
}
