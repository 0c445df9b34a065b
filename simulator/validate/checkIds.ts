/** Unique IDs across the document and account hygiene (topology-format.md §2). */
import { OPTIONAL_RESOURCE_ARRAYS, RESOURCE_ARRAYS } from '../document/schema';
import type { ValidationContext } from './context';

/** Every ID in the document is unique, whatever array it is in (vRouterIds count as IDs too). */
export function checkIds(ctx: ValidationContext): void {
  // First owner of each ID as a number (item * 32 + array * 2 + 1 for a vRouterId): the path
  // text is built only when a duplicate is reported.
  const seen = new Map<string, number>();
  for (let a = 0; a < ID_ARRAYS.length; a++) claimArray(ctx, seen, a);
}

/**
 * The loop over one array, apart from checkIds: a function run once per validation is compiled
 * while inside its loop (on-stack replacement) before its first lines have type feedback, and
 * that code was thrown away on the next run (`node --trace-deopt`: checkIds, "insufficient type
 * feedback"); this one runs once per array, and its loop is all it does.
 */
function claimArray(ctx: ValidationContext, seen: Map<string, number>, a: number): void {
  const items = (ctx.document[ID_ARRAYS[a]!] ?? []) as ReadonlyArray<Record<string, unknown>>;
  for (let i = 0; i < items.length; i++) claimItem(ctx, seen, ID_ARRAYS, a, items[i]!, i);
}

function claimItem(
  ctx: ValidationContext,
  seen: Map<string, number>,
  arrays: readonly AnyArray[],
  a: number,
  item: Readonly<Record<string, unknown>>,
  i: number,
): void {
  const array = arrays[a]!;
  claim(ctx, seen, arrays, String(item[ID_FIELDS[array]]), i * 32 + a * 2);
  if (array === 'vpcs') claim(ctx, seen, arrays, String(item.vRouterId), i * 32 + a * 2 + 1);
}

/** Every resource array with its ID field: the release-2 arrays too (topology-format.md §4.1). */
const ID_FIELDS = { ...RESOURCE_ARRAYS, ...OPTIONAL_RESOURCE_ARRAYS } as const;
type AnyArray = keyof typeof ID_FIELDS;
/** Their names, listed once for the process. */
const ID_ARRAYS = Object.keys(ID_FIELDS) as readonly AnyArray[];

function ownerPath(arrays: readonly AnyArray[], owner: number): string {
  const array = arrays[(owner % 32) >> 1]!;
  return `/${array}/${Math.floor(owner / 32)}/${owner % 2 === 1 ? 'vRouterId' : ID_FIELDS[array]}`;
}

function claim(
  ctx: ValidationContext,
  seen: Map<string, number>,
  arrays: readonly AnyArray[],
  id: string,
  owner: number,
): void {
  const first = seen.get(id);
  if (first === undefined) {
    seen.set(id, owner);
    return;
  }
  const path = ownerPath(arrays, owner);
  const array = arrays[(owner % 32) >> 1]!;
  const what =
    owner % 2 === 1
      ? 'vRouter'
      : array === 'vpcPeerConnections'
        ? 'peering connection'
        : ID_FIELDS[array].replace(/Id$/, '');
  ctx.report(
    'DUPLICATE_ID',
    path,
    `${what} ${id} is already the ID at ${ownerPath(arrays, first)}; IDs must be unique across the document`,
    {
      resourceId: id,
      suggestion: `rename the ${what} at ${path.slice(0, path.lastIndexOf('/'))} to an unused ID (e.g. ${id}-2) and update the references that mean it`,
    },
  );
}

const UID = /^[0-9]{16}$/;

/** Account IDs: declared, and 16-digit UIDs for real accounts (info only: sketches use names). */
export function checkAccounts(ctx: ValidationContext): void {
  const { document } = ctx;
  document.accounts.forEach((account, i) => {
    if (!UID.test(account.accountId)) {
      ctx.report(
        'ACCOUNT_ID_NOT_NUMERIC',
        `/accounts/${i}/accountId`,
        `account ${JSON.stringify(account.accountId)} is not a 16-digit main-account UID`,
        {
          resourceId: account.accountId,
          suggestion: `fine for a sketch; before apply, replace ${account.accountId} with the account's UID (STS GetCallerIdentity → AccountId) everywhere it appears`,
        },
      );
    }
  });
  if (document.accounts.length === 0) return;
  const declared = new Set(document.accounts.map((a) => a.accountId));
  // Loops, not forEach closures made per run (hiddenClasses.ts); paths built only when reported.
  const { vpcs, routerInterfaces } = document;
  for (let i = 0; i < vpcs.length; i++) {
    const vpc = vpcs[i]!;
    if (!declared.has(vpc.accountId)) reportUndeclared(ctx, vpc.accountId, `/vpcs/${i}/accountId`, vpc.vpcId);
  }
  for (let i = 0; i < routerInterfaces.length; i++) {
    const ri = routerInterfaces[i]!;
    if (!declared.has(ri.accountId)) {
      reportUndeclared(ctx, ri.accountId, `/routerInterfaces/${i}/accountId`, ri.routerInterfaceId);
    }
  }
}

function reportUndeclared(ctx: ValidationContext, accountId: string, path: string, owner: string): void {
  ctx.report('ACCOUNT_NOT_DECLARED', path, `${owner}: account ${accountId} is not listed in accounts`, {
    resourceId: owner,
    suggestion: `add { "accountId": "${accountId}" } to accounts (with "profile" if apply should use a named credential profile)`,
  });
}
