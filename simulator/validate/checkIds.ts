/** Unique IDs across the document and account hygiene (topology-format.md §2). */
import { RESOURCE_ARRAYS, type ResourceArray } from '../document/schema';
import type { ValidationContext } from './context';

/** Every ID in the document is unique, whatever array it is in (vRouterIds count as IDs too). */
export function checkIds(ctx: ValidationContext): void {
  const seen = new Map<string, string>();
  const claim = (id: string, path: string, what: string) => {
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, path);
      return;
    }
    ctx.report('DUPLICATE_ID', path, `${what} ${id} is already the ID at ${first}; IDs must be unique across the document`, {
      resourceId: id,
      suggestion: `rename the ${what} at ${path.slice(0, path.lastIndexOf('/'))} to an unused ID (e.g. ${id}-2) and update the references that mean it`,
    });
  };
  for (const array of Object.keys(RESOURCE_ARRAYS) as ResourceArray[]) {
    const field = RESOURCE_ARRAYS[array];
    const items = ctx.document[array] as ReadonlyArray<Record<string, unknown>>;
    items.forEach((item, i) => {
      claim(String(item[field]), `/${array}/${i}/${field}`, field.replace(/Id$/, ''));
      if (array === 'vpcs') claim(String(item.vRouterId), `/vpcs/${i}/vRouterId`, 'vRouter');
    });
  }
}

const UID = /^[0-9]{16}$/;

/** Account IDs: declared, and 16-digit UIDs for real accounts (info only: sketches use names). */
export function checkAccounts(ctx: ValidationContext): void {
  const { document } = ctx;
  document.accounts.forEach((account, i) => {
    if (!UID.test(account.accountId)) {
      ctx.report('ACCOUNT_ID_NOT_NUMERIC', `/accounts/${i}/accountId`, `account ${JSON.stringify(account.accountId)} is not a 16-digit main-account UID`, {
        resourceId: account.accountId,
        suggestion: `fine for a sketch; before apply, replace ${account.accountId} with the account's UID (STS GetCallerIdentity → AccountId) everywhere it appears`,
      });
    }
  });
  if (document.accounts.length === 0) return;
  const declared = new Set(document.accounts.map((a) => a.accountId));
  const undeclared = (accountId: string, path: string, owner: string) => {
    if (declared.has(accountId)) return;
    ctx.report('ACCOUNT_NOT_DECLARED', path, `${owner}: account ${accountId} is not listed in accounts`, {
      resourceId: owner,
      suggestion: `add { "accountId": "${accountId}" } to accounts (with "profile" if apply should use a named credential profile)`,
    });
  };
  document.vpcs.forEach((vpc, i) => undeclared(vpc.accountId, `/vpcs/${i}/accountId`, vpc.vpcId));
  document.routerInterfaces.forEach((ri, i) => undeclared(ri.accountId, `/routerInterfaces/${i}/accountId`, ri.routerInterfaceId));
}
