/** An account: its UID (editable; a sketch's name becomes the real UID here), name and credential profile. */
import { documentStore, useDoc } from '../../state';
import { accountIdError, declareAccount, renameAccount } from '../../store/edits';
import { DraftField, FindingsAt, TextField } from '../fields';
import { Header, setField } from './common';

const UID = /^[0-9]{16}$/;

/**
 * An account's UID, edited in place (Enter confirms): every VPC, interface and owner naming the
 * account follows as one undoable step. In the account's inspector and in each of its VPCs'.
 */
export function AccountUidField({
  accountId,
  path,
  label,
  testId,
  selectAfter,
}: {
  readonly accountId: string;
  readonly path: string;
  readonly label: string;
  readonly testId: string;
  /** What is selected after the change, given the new UID. */
  readonly selectAfter: (next: string) => string;
}) {
  return (
    <DraftField
      label={label}
      value={accountId}
      path={path}
      mono
      testId={testId}
      refuse={(next) => accountIdError(documentStore.getState().doc, accountId, next)}
      onCommit={(next) =>
        documentStore
          .getState()
          .change(`Set account UID ${next}`, (d) => renameAccount(d, accountId, next), { select: [selectAfter(next)] })
      }
      hint={
        UID.test(accountId)
          ? 'a main-account UID'
          : 'a sketch name — enter the 16-digit UID before applying (Enter to confirm)'
      }
    />
  );
}

export function AccountForm({ id, path }: { readonly id: string; readonly path: string }) {
  const account = useDoc((s) => s.doc.accounts.find((a) => a.accountId === id));
  if (!account) return null;
  return (
    <>
      <Header kind="Account" title={account.name ?? id} id={id} />
      <AccountUidField
        accountId={id}
        path={`${path}/accountId`}
        label="Account ID (main-account UID)"
        testId="account-uid"
        // The selection follows the account to its new ID (its VPCs and interfaces follow too).
        selectAfter={(next) => next}
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
