/**
 * The accounts and their credentials: per account of the document its name, its UID (editable: a
 * sketch is pointed at real accounts here, and every reference follows as one undoable edit), the
 * regions its VPCs use, and where its keys come from on Alibaba Cloud — an aliyun CLI profile
 * picked from the host's list, the environment, a RAM role, or an AccessKey typed once and stored
 * by the host as an aliyun CLI profile or in the OS keychain.
 *
 * The secret is typed into a form's own React state, sent to the host once and cleared: it never
 * enters a zustand store, the document or a log (the document names the profile only).
 */
import { useEffect, useId, useState } from 'react';
import { create } from 'zustand';
import type {
  AccountCredentials,
  CredentialOptions,
  CredentialSource,
  IdentityStatus,
} from '../../electron/common/hostApi';
import { serializeDocument } from '../../simulator/document/serialize';
import { api, errorText } from '../api';
import { ALIBABA_REGIONS, regionLabel } from '../regions';
import { documentStore, useDoc } from '../state';
import { accountIdError, renameAccount, updateResource } from '../store/edits';
import { useDraft, useDraftOf } from './fields';

/** Credential choices are for the real cloud; the sandbox issues its own keys (Apply panel). */
const CLOUD_TARGET = 'aliyun';

interface AccountsState {
  readonly options: CredentialOptions | null;
  readonly credentials: readonly AccountCredentials[];
  readonly error: string | null;
}

/** Host answers only: descriptions and statuses, never a key. */
export const useAccounts = create<AccountsState>()(() => ({ options: null, credentials: [], error: null }));

export async function refreshCredentials(): Promise<void> {
  try {
    const [options, credentials] = await Promise.all([
      api.getCredentialOptions(),
      api.getAccountCredentials(CLOUD_TARGET, serializeDocument(documentStore.getState().doc)),
    ]);
    useAccounts.setState({ options, credentials, error: null });
  } catch (error) {
    useAccounts.setState({ error: `Credentials: ${errorText(error)}` });
  }
}

function setProfileInDocument(accountId: string, profile: string): void {
  const account = documentStore.getState().doc.accounts.find((a) => a.accountId === accountId);
  if (!account || account.profile === profile) return;
  documentStore
    .getState()
    .change(`Use profile ${profile} for ${account.name ?? accountId}`, (d) =>
      updateResource(d, accountId, { profile }),
    );
}

export function AccountsPanel() {
  const accounts = useDoc((s) => s.doc.accounts);
  const vpcs = useDoc((s) => s.doc.vpcs);
  const { credentials, error } = useAccounts();

  useEffect(() => {
    void refreshCredentials();
  }, [accounts]);

  if (accounts.length === 0)
    return (
      <div className="dim pad" data-testid="accounts-panel">
        No accounts yet: add one from the palette, or import accounts.
      </div>
    );
  return (
    <div className="accounts-panel" data-testid="accounts-panel">
      <table className="grid-table accounts-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Account UID</th>
            <th scope="col">Regions</th>
            <th scope="col">Credentials on Alibaba Cloud</th>
            <th scope="col">Caller identity</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const regions = [...new Set(vpcs.filter((v) => v.accountId === a.accountId).map((v) => v.regionId))];
            const cred = credentials.find((c) => c.accountId === a.accountId);
            return (
              <tr key={a.accountId} data-testid={`account-row-${a.accountId}`}>
                <td>
                  <NameCell accountId={a.accountId} name={a.name ?? ''} />
                </td>
                <td>
                  <UidCell accountId={a.accountId} />
                </td>
                <td className="small">
                  {regions.length === 0 ? (
                    <span className="dim">no VPCs yet</span>
                  ) : (
                    regions.map(regionLabel).join(', ')
                  )}
                </td>
                <td>
                  <CredentialCell accountId={a.accountId} credentials={cred} />
                </td>
                <td>
                  {cred && <IdentityBadge status={cred.status} />}
                  <button
                    className="link check-link"
                    data-testid={`account-check-${a.accountId}`}
                    onClick={() =>
                      api
                        .checkIdentity(CLOUD_TARGET, a.accountId)
                        .then(refreshCredentials)
                        .catch((e: unknown) => useAccounts.setState({ error: `Check ${a.accountId}: ${errorText(e)}` }))
                    }
                  >
                    check
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && (
        <div className="error-box" role="alert" data-testid="accounts-error">
          {error}
        </div>
      )}
    </div>
  );
}

function NameCell({ accountId, name }: { readonly accountId: string; readonly name: string }) {
  const [draft, setDraft] = useDraftOf(name);
  const commit = () => {
    if (draft === name) return;
    documentStore
      .getState()
      .change(`Rename account ${accountId}`, (d) =>
        updateResource(d, accountId, { name: draft === '' ? undefined : draft }),
      );
  };
  return (
    <input
      aria-label={`Name of account ${accountId}`}
      value={draft}
      placeholder="name"
      data-testid={`account-name-${accountId}`}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function UidCell({ accountId }: { readonly accountId: string }) {
  const { error, inputProps } = useDraft(
    accountId,
    (next) => accountIdError(documentStore.getState().doc, accountId, next),
    (next) =>
      documentStore
        .getState()
        .change(`Set account UID ${next}`, (d) => renameAccount(d, accountId, next), { select: [next] }),
  );
  return (
    <>
      <input
        className="mono"
        aria-label={`UID of account ${accountId}`}
        spellCheck={false}
        data-testid={`account-uid-${accountId}`}
        {...inputProps}
      />
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {!error && !/^[0-9]{16}$/.test(accountId) && (
        <div className="field-hint">a sketch name: enter the 16-digit UID before applying</div>
      )}
    </>
  );
}

/** Why a caller-identity check failed, in words (the full message is the pill's tooltip). */
const IDENTITY_FAILURE_WORDS: Readonly<Record<string, string>> = {
  CREDENTIALS_MISSING: 'no usable credentials',
  CLOUD_ERROR: 'refused by the cloud',
  NOT_AVAILABLE: 'not available here',
};

export function IdentityBadge({ status }: { readonly status: IdentityStatus }) {
  switch (status.kind) {
    case 'unchecked':
      return <span className="pill pill-grey">not checked</span>;
    case 'verified':
      return (
        <span className="pill pill-ok" title={status.arn}>
          ✔ {status.identityType || 'verified'}
        </span>
      );
    case 'mismatch':
      return (
        <span className="pill pill-bad" title={status.arn}>
          belongs to {status.actualAccountId}
        </span>
      );
    case 'failed':
      return (
        <span className="pill pill-bad" title={status.error.message} data-testid="identity-failed">
          ✖ {IDENTITY_FAILURE_WORDS[status.error.code] ?? 'check failed'}
        </span>
      );
  }
}

function CredentialCell({
  accountId,
  credentials,
}: {
  readonly accountId: string;
  readonly credentials: AccountCredentials | undefined;
}) {
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <CredentialForm
        accountId={accountId}
        onDone={() => {
          setEditing(false);
          void refreshCredentials();
        }}
      />
    );
  return (
    <button
      className="link cred-link"
      data-testid={`account-credentials-${accountId}`}
      title="change where this account's keys come from"
      onClick={() => setEditing(true)}
    >
      {credentials?.source.description ?? 'credentials…'}
    </button>
  );
}

type Kind = 'profile' | 'environment' | 'accessKey' | 'role';

/** Where an account's keys come from; used here and in the Apply panel. */
export function CredentialForm({ accountId, onDone }: { readonly accountId: string; readonly onDone: () => void }) {
  const options = useAccounts((s) => s.options);
  const current = useDoc((s) => s.doc.accounts.find((a) => a.accountId === accountId)?.profile);
  const usable = (options?.profiles ?? []).filter((p) => p.usable);
  const [kind, setKind] = useState<Kind>('profile');
  const [profile, setProfile] = useState(current ?? usable[0]?.name ?? '');
  const [roleArn, setRoleArn] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    if (!options) void refreshCredentials();
  }, [options]);

  const use = (source: CredentialSource) =>
    api
      .setAccountCredentialSource(accountId, source)
      .then(() => {
        if (source.kind === 'profile') setProfileInDocument(accountId, source.profile);
        onDone();
      })
      .catch((e: unknown) => setFailure(errorText(e)));

  return (
    <div className="cred-form" data-testid={`cred-form-${accountId}`}>
      <label htmlFor={`${id}-kind`} className="visually-hidden">
        Credential source
      </label>
      <select id={`${id}-kind`} value={kind} data-testid="cred-kind" onChange={(e) => setKind(e.target.value as Kind)}>
        <option value="profile">aliyun CLI profile</option>
        <option value="environment">environment variables{options?.environment ? '' : ' (not set)'}</option>
        <option value="accessKey">AccessKey (enter once, stored)</option>
        <option value="role">assume a RAM role</option>
      </select>
      {(kind === 'profile' || kind === 'role') && (
        <>
          <label htmlFor={`${id}-profile`} className="visually-hidden">
            {kind === 'role' ? 'Source profile' : 'Profile'}
          </label>
          {usable.length > 0 ? (
            <select
              id={`${id}-profile`}
              value={profile}
              data-testid="cred-profile"
              onChange={(e) => setProfile(e.target.value)}
            >
              {kind === 'role' && <option value="">the environment's keys</option>}
              {usable.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} ({p.mode}
                  {p.regionId ? `, ${p.regionId}` : ''})
                </option>
              ))}
            </select>
          ) : (
            <span className="dim small" data-testid="cred-no-profiles">
              {options?.profilesProblem ?? `no profiles in ${options?.profilesFile ?? 'the aliyun CLI config'}`}
            </span>
          )}
        </>
      )}
      {kind === 'role' && (
        <input
          className="mono"
          aria-label="Role ARN"
          value={roleArn}
          placeholder="acs:ram::UID:role/NAME"
          onChange={(e) => setRoleArn(e.target.value)}
        />
      )}
      {kind === 'accessKey' ? (
        <AccessKeyForm
          accountId={accountId}
          keychain={options?.keychain ?? false}
          onDone={onDone}
          onError={setFailure}
        />
      ) : (
        <button
          className="small-button"
          data-testid="cred-use"
          disabled={(kind === 'profile' && !profile) || (kind === 'role' && !roleArn)}
          onClick={() =>
            void use(
              kind === 'profile'
                ? { kind, profile }
                : kind === 'environment'
                  ? { kind }
                  : { kind, roleArn, ...(profile ? { sourceProfile: profile } : {}) },
            )
          }
        >
          Use
        </button>
      )}
      <button className="small-button" onClick={onDone}>
        Cancel
      </button>
      {failure && (
        <div className="field-error" role="alert" data-testid="cred-error">
          {failure}
        </div>
      )}
    </div>
  );
}

/** The AccessKey typed once; the host stores it and the fields are cleared at once. */
function AccessKeyForm({
  accountId,
  keychain,
  onDone,
  onError,
}: {
  readonly accountId: string;
  readonly keychain: boolean;
  readonly onDone: () => void;
  readonly onError: (message: string) => void;
}) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [store, setStore] = useState<'aliyunProfile' | 'keychain'>(keychain ? 'keychain' : 'aliyunProfile');
  const [profile, setProfile] = useState(`vpclink-${accountId}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64));
  const [regionId, setRegionId] = useState('');
  const [busy, setBusy] = useState(false);
  const save = () => {
    setBusy(true);
    api
      .storeAccessKey({
        accountId,
        accessKeyId: keyId.trim(),
        accessKeySecret: secret,
        store,
        ...(store === 'aliyunProfile' ? { profile } : {}),
        ...(regionId ? { regionId } : {}),
      })
      .then((view) => {
        setSecret('');
        setKeyId('');
        if (view.source.kind === 'profile' && view.source.profile) setProfileInDocument(accountId, view.source.profile);
        onDone();
      })
      .catch((e: unknown) => {
        setSecret('');
        onError(errorText(e));
      })
      .finally(() => setBusy(false));
  };
  return (
    <>
      <input
        className="mono"
        aria-label="AccessKey ID"
        placeholder="AccessKey ID"
        autoComplete="off"
        spellCheck={false}
        data-testid="cred-key-id"
        value={keyId}
        onChange={(e) => setKeyId(e.target.value)}
      />
      <input
        type="password"
        aria-label="AccessKey secret"
        placeholder="AccessKey secret"
        autoComplete="new-password"
        data-testid="cred-key-secret"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />
      <select
        aria-label="Store the key"
        value={store}
        data-testid="cred-store"
        onChange={(e) => setStore(e.target.value as typeof store)}
      >
        <option value="aliyunProfile">as an aliyun CLI profile</option>
        <option value="keychain" disabled={!keychain}>
          in the OS keychain{keychain ? '' : ' (desktop app only)'}
        </option>
      </select>
      {store === 'aliyunProfile' && (
        <>
          <input
            className="mono"
            aria-label="Profile name"
            data-testid="cred-profile-name"
            value={profile}
            onChange={(e) => setProfile(e.target.value)}
          />
          <select
            aria-label="Profile region"
            data-testid="cred-region"
            value={regionId}
            onChange={(e) => setRegionId(e.target.value)}
          >
            <option value="">region (optional)</option>
            {ALIBABA_REGIONS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} · {r.id}
              </option>
            ))}
          </select>
        </>
      )}
      <button
        className="small-button"
        data-testid="cred-store-key"
        disabled={busy || keyId.trim() === '' || secret === '' || (store === 'aliyunProfile' && profile === '')}
        onClick={save}
      >
        Store key
      </button>
    </>
  );
}
