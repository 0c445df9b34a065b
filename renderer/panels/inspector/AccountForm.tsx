/** An account: its UID (editable; a sketch's name becomes the real UID here), name and credential profile. */
import { documentStore, useDoc } from '../../state';
import { accountIdError, declareAccount, renameAccount } from '../../store/edits';
import { DraftField, FindingsAt, TextField } from '../fields';
import { Header, setField } from './common';

const UID = /^[0-9]{16}$/;

export function AccountForm({ id, path }: { readonly id: string; readonly path: string }) {
  const account = useDoc((s) => s.doc.accounts.find((a) => a.accountId === id));
  if (!account) return null;
  return (
    <>
      <Header kind="Account" title={account.name ?? id} id={id} />
      <DraftField
        label="Account ID (main-account UID)"
        value={account.accountId}
        path={`${path}/accountId`}
        mono
        testId="account-uid"
        refuse={(next) => accountIdError(documentStore.getState().doc, id, next)}
        onCommit={(next) =>
          // The selection follows the account to its new ID (its VPCs and interfaces follow too).
          documentStore
            .getState()
            .change(`Set account UID ${next}`, (d) => renameAccount(d, id, next), { select: [next] })
        }
        hint={
          UID.test(account.accountId)
            ? 'a main-account UID'
            : 'a sketch name — enter the 16-digit UID before applying (Enter to confirm)'
        }
      />
      <TextField
        label="Name"
        value={account.name ?? ''}
        path={`${path}/name`}
        onChange={setField(id, 'name', `${path}/name`)}
      />
      <TextField
        label="Credential profile (apply)"
        value={account.profile ?? ''}
        path={`${path}/profile`}
        placeholder={`default: a profile named ${id}`}
        onChange={setField(id, 'profile', `${path}/profile`)}
      />
      <FindingsAt path={path} />
    </>
  );
}

/** An account that VPCs or interfaces name but the document does not list (ACCOUNT_NOT_DECLARED). */
export function UnlistedAccount({ id }: { readonly id: string }) {
  const used = useDoc((s) => s.doc.vpcs.some((v) => v.accountId === id));
  return (
    <>
      <Header kind="Account" title={`Account ${id}`} id={id} />
      <p className="pad">
        {used
          ? `VPCs name account ${id}, but the document's list of accounts does not.`
          : `${id} is not in the document.`}
      </p>
      {used && (
        <div className="button-row">
          <button
            className="small-button"
            data-testid="declare-account"
            onClick={() =>
              documentStore.getState().change(`Add account ${id}`, (d) => declareAccount(d, id), { select: [id] })
            }
          >
            Add it to the accounts
          </button>
        </div>
      )}
    </>
  );
}
