/**
 * The accounts of the host API's cloud half: the credential source per account (from the
 * document, or the user's choice), storing a typed AccessKey, and checking whose account the keys
 * act in. Each is a named operation over the host's {@link CloudHostState}.
 */
import type { AccountCredentials, CredentialSource, StoreAccessKeyRequest } from '../common/hostApi';
import {
  accountView,
  ALIYUN_TARGET_ID,
  listTargets,
  notAvailable,
  parseDocument,
  resolveSource,
  statusKey,
  targetOf,
  type CloudHostState,
} from './cloudHostState';

/** The document's accounts on a target; remembers the profiles and names the document gives them. */
export async function getAccountCredentials(
  state: CloudHostState,
  targetId: string,
  text: string,
): Promise<AccountCredentials[]> {
  const t = targetOf(state, targetId);
  const document = parseDocument(text);
  for (const account of document.accounts) {
    if (account.profile) state.documentProfiles.set(account.accountId, account.profile);
    if (account.name) state.accountNames.set(account.accountId, account.name);
  }
  return document.accounts.map((a) => accountView(state, t, a.accountId));
}

/** The user's source for an account on the real cloud; the Alibaba Cloud target may become available. */
export async function chooseCredentialSource(
  state: CloudHostState,
  accountId: string,
  source: CredentialSource,
): Promise<AccountCredentials> {
  state.chosen.set(accountId, source);
  // A new source invalidates the last check on the real cloud.
  state.statuses.delete(statusKey(ALIYUN_TARGET_ID, accountId));
  state.events.emit({ kind: 'targets.changed', targets: await listTargets(state) });
  return accountView(state, { kind: 'aliyun', id: ALIYUN_TARGET_ID }, accountId);
}

/** Stores a typed AccessKey (engine), then makes the source that finds it the account's choice. */
export async function storeAccessKey(
  state: CloudHostState,
  request: StoreAccessKeyRequest,
): Promise<AccountCredentials> {
  if (!state.engines.storeAccessKey) notAvailable('storing an AccessKey');
  const source = await state.engines.storeAccessKey(request);
  return chooseCredentialSource(state, request.accountId, source);
}

/** Asks the cloud whose account the keys act in, and remembers the answer for the Accounts panel. */
export async function checkIdentity(
  state: CloudHostState,
  targetId: string,
  accountId: string,
): Promise<AccountCredentials> {
  const t = targetOf(state, targetId);
  if (!state.engines.checkIdentity) notAvailable('checking the caller identity');
  const status = await state.engines.checkIdentity(t, accountId, resolveSource(state, t, accountId));
  state.statuses.set(statusKey(t.id, accountId), status);
  return accountView(state, t, accountId);
}
