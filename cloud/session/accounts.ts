/**
 * Which accounts a document touches — decided once, for the CLI and the app alike (design.md §5:
 * a shell never decides anything a user could observe differently in the other shell).
 *
 * `accounts[]` is optional metadata (names, profiles); the resources say which accounts they live
 * in. So `"accounts": []` with VPCs in two accounts still connects those two accounts (it used to
 * plan 15 steps in the CLI and refuse in the app).
 */
import type { Account, Topology } from '../../simulator/document';

/** Every account the document's resources belong to, with its `accounts[]` entry when there is one; stable order. */
export function accountsOf(document: Topology): Account[] {
  const byId = new Map(document.accounts.map((a) => [a.accountId, a]));
  for (const id of [...document.vpcs.map((v) => v.accountId), ...document.routerInterfaces.map((r) => r.accountId)]) {
    if (!byId.has(id)) byId.set(id, { accountId: id });
  }
  return [...byId.values()];
}

/** Account ID → display name, for the accounts that have one. */
export function accountNames(document: Topology): Map<string, string> {
  return new Map(document.accounts.filter((a) => a.name).map((a) => [a.accountId, a.name!]));
}
