/**
 * Deterministic hashing for plans: no node:crypto in the simulator (design.md §2), so a small
 * 64-bit non-cryptographic hash (two independent 32-bit FNV-1a style lanes). It only has to make
 * accidental collisions between two plans or two step IDs unlikely, not resist an attacker.
 */

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** 16 lowercase hex chars. */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // Final avalanche so short inputs differ in every digit.
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * The ClientToken of a create step: derived from the plan fingerprint and the step ID, so a retry
 * and a resumed run send the same token and the cloud never creates twice. ASCII, 41 chars
 * (aliyun-api.md §6: ClientToken is ASCII, at most 64 chars).
 */
export function clientTokenFor(planFingerprint: string, stepId: string): string {
  return `vpclink-${planFingerprint}-${hash64(stepId)}`;
}
