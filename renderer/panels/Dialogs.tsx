/** Modal dialogs: open/save-as (browser mode: a path, with recent files), import, delete confirmation, "connected", recovery. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { RecentFile, TargetInfo } from '../../electron/common/hostApi';
import { loadDocument } from '../sim/documentLoader';
import { serializeDocument } from '../../simulator/document/serialize';
import { api, errorText } from '../api';
import {
  defaultSaveName,
  discardAutosaveCopy,
  loadOpened,
  openTypedPath,
  resolveChangedOnDisk,
  saveToTypedPath,
} from '../files';
import { documentStore, indexOf, useDoc, useUi } from '../state';
import { ConnectDialog } from './ConnectDialog';
import { MigrateDialog } from './MigrateDialog';
import { countOf } from '../../simulator/text/count';

export function Modal({
  title,
  children,
  onClose,
  testId,
  className,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly onClose: () => void;
  readonly testId?: string;
  readonly className?: string;
}) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={className ? `modal ${className}` : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
      >
        <h2 className="modal-title" id={titleId}>
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}

export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  const pendingDelete = useDoc((s) => s.pendingDelete);
  const close = () => useUi.getState().setDialog({ kind: 'none' });
  return (
    <>
      {pendingDelete && <DeleteDialog />}
      {dialog.kind === 'open' && <PathDialog mode="open" onClose={close} />}
      {dialog.kind === 'saveAs' && <PathDialog mode="save" onClose={close} />}
      {dialog.kind === 'changedOnDisk' && <ChangedOnDiskDialog path={dialog.path} message={dialog.message} />}
      {dialog.kind === 'import' && <ImportDialog onClose={close} />}
      {dialog.kind === 'connect' && (
        <ConnectDialog fromVpcId={dialog.fromVpcId} toVpcId={dialog.toVpcId} onClose={close} />
      )}
      {dialog.kind === 'migrate' && <MigrateDialog routerInterfaceId={dialog.routerInterfaceId} onClose={close} />}
      {dialog.kind === 'recovered' && (
        <RecoveredDialog savedAt={dialog.savedAt} originalText={dialog.originalText} onClose={close} />
      )}
    </>
  );
}

function DeleteDialog() {
  const plan = useDoc((s) => s.pendingDelete)!;
  const index = useDoc((s) => indexOf(s.doc));
  const extra = plan.removed.filter((id) => !plan.requested.includes(id));
  const name = (id: string) => {
    const r =
      index.vpcs.get(id) ??
      index.vSwitches.get(id) ??
      index.instances.get(id) ??
      index.securityGroups.get(id) ??
      index.routerInterfaces.get(id);
    return r && 'name' in r && r.name ? `${r.name} (${id})` : id;
  };
  return (
    <Modal title="Delete?" onClose={() => documentStore.getState().cancelDelete()} testId="delete-dialog">
      <p>
        Delete <strong>{plan.requested.map(name).join(', ')}</strong>?
      </p>
      {extra.length > 0 && (
        <>
          <p>
            It contains {extra.length === 1 ? 'one more resource' : `${extra.length} more resources`}, deleted with it:
          </p>
          <ul className="modal-list">
            {extra.slice(0, 12).map((id) => (
              <li key={id}>{name(id)}</li>
            ))}
            {extra.length > 12 && <li className="dim">… and {extra.length - 12} more</li>}
          </ul>
        </>
      )}
      {plan.dangling.length > 0 && (
        <>
          <p>These references would dangle; vpclink repairs them:</p>
          <ul className="modal-list">
            {plan.dangling.map((d, n) => (
              <li key={n}>
                <span className="mono">{name(d.resourceId)}</span>.{d.field} → {d.targetId}: <em>{d.repair}</em>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="modal-actions">
        <button onClick={() => documentStore.getState().cancelDelete()}>Cancel</button>
        <button
          className="primary-button danger"
          data-testid="delete-confirm"
          autoFocus
          onClick={() => documentStore.getState().confirmDelete()}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}

function PathDialog({ mode, onClose }: { readonly mode: 'open' | 'save'; readonly onClose: () => void }) {
  const [recent, setRecent] = useState<readonly RecentFile[]>([]);
  const current = useDoc((s) => s.meta.path);
  const [path, setPath] = useState(mode === 'save' ? (current ?? defaultSaveName()) : '');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .listRecentFiles()
      .then(setRecent)
      .catch(() => setRecent([]));
  }, []);
  const submit = async (p: string) => {
    if (!p.trim()) return;
    setBusy(true);
    const ok = mode === 'open' ? await openTypedPath(p.trim()) : await saveToTypedPath(p.trim());
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal title={mode === 'open' ? 'Open a document' : 'Save as'} onClose={onClose} testId={`${mode}-dialog`}>
      <p className="dim small">
        {mode === 'open'
          ? 'Path of a *.vpclink.json file on the machine running vpclink (absolute, or relative to where it was started).'
          : 'Where to write the document (the file is written atomically: a temporary file, then a rename).'}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(path);
        }}
      >
        <input
          className="mono wide"
          autoFocus
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/home/me/network.vpclink.json"
          aria-label={mode === 'open' ? 'Path of the document to open' : 'Path to save the document to'}
          data-testid="path-input"
        />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="primary-button" type="submit" disabled={busy || !path.trim()}>
            {mode === 'open' ? 'Open' : 'Save'}
          </button>
        </div>
      </form>
      {recent.length > 0 && (
        <>
          <div className="panel-title">Recent files</div>
          <ul className="modal-list recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  className="link"
                  disabled={!r.exists && mode === 'open'}
                  onClick={() => (mode === 'open' ? void submit(r.path) : setPath(r.path))}
                  title={r.path}
                >
                  {r.title}
                </button>{' '}
                <span className="mono dim small">{r.path}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}

function ChangedOnDiskDialog({ path, message }: { readonly path: string; readonly message: string }) {
  const close = () => useUi.getState().setDialog({ kind: 'none' });
  return (
    <Modal title="The file changed on disk" onClose={close} testId="changed-on-disk-dialog">
      <p>{message}</p>
      <p className="dim small">Nothing was written. Reload discards your unsaved changes.</p>
      <div className="modal-actions">
        <button onClick={close}>Cancel</button>
        <button data-testid="changed-reload" onClick={() => void resolveChangedOnDisk('reload', path)}>
          Reload from disk
        </button>
        <button data-testid="changed-save-as" onClick={() => void resolveChangedOnDisk('saveAs', path)}>
          Save as…
        </button>
        <button
          className="primary-button danger"
          data-testid="changed-overwrite"
          onClick={() => void resolveChangedOnDisk('overwrite', path)}
        >
          Overwrite
        </button>
      </div>
    </Modal>
  );
}

function ImportDialog({ onClose }: { readonly onClose: () => void }) {
  const [targets, setTargets] = useState<readonly TargetInfo[]>([]);
  const [targetId, setTargetId] = useState('');
  const accounts = useDoc((s) => s.doc.accounts);
  const [accountText, setAccountText] = useState(accounts.map((a) => a.accountId).join(', '));
  const [regions, setRegions] = useState('');
  const [into, setInto] = useState<'new' | 'current'>('new');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    api
      .listTargets()
      .then((list) => {
        setTargets(list);
        setTargetId(
          list.find((t) => t.id === useUi.getState().startup?.defaultTargetId)?.id ??
            list.find((t) => t.available)?.id ??
            '',
        );
      })
      .catch((e: unknown) => setMessage(errorText(e)));
  }, []);
  const run = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const accountIds = accountText.split(/[\s,]+/).filter(Boolean);
      const result = await api.importAccounts({
        targetId,
        accountIds,
        ...(regions.trim() ? { regions: regions.split(/[\s,]+/).filter(Boolean) } : {}),
        ...(into === 'current' ? { intoDocumentText: serializeDocument(documentStore.getState().doc) } : {}),
      });
      const loaded = await loadDocument(result.text);
      if (loaded.kind !== 'ok') throw new Error('the import returned a document vpclink cannot read');
      if (into === 'current') documentStore.getState().change('Import from accounts', () => loaded.document);
      else
        documentStore
          .getState()
          .load(loaded.document, { path: null, title: 'Imported', origin: 'import' }, { dirty: true });
      useUi.getState().notify(
        'info',
        `Imported ${Object.entries(result.counts)
          .map(([k, v]) =>
            countOf(
              v,
              k.replace(/(ch)?es$|s$/, (m, ch: string | undefined) => ch ?? ''),
              k,
            ),
          )
          .join(', ')}${result.warnings.length ? ` (${countOf(result.warnings.length, 'warning')})` : ''}`,
      );
      onClose();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Import from accounts" onClose={onClose} testId="import-dialog">
      <div className="field">
        <label htmlFor="import-from">From</label>
        <select id="import-from" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
          {targets.map((t) => (
            <option key={t.id} value={t.id} disabled={!t.available}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="import-accounts">Account IDs (comma separated)</label>
        <input
          id="import-accounts"
          className="mono"
          value={accountText}
          onChange={(e) => setAccountText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="import-regions">Regions (optional; default: every region known for these accounts)</label>
        <input
          id="import-regions"
          className="mono"
          value={regions}
          placeholder="cn-beijing, cn-qingdao"
          onChange={(e) => setRegions(e.target.value)}
        />
      </div>
      <div className="field radio-row">
        <label>
          <input type="radio" checked={into === 'new'} onChange={() => setInto('new')} /> into a new document
        </label>
        <label>
          <input type="radio" checked={into === 'current'} onChange={() => setInto('current')} /> merge into the current
          document
        </label>
      </div>
      {message && <div className="error-box">{message}</div>}
      <div className="modal-actions">
        <button onClick={onClose}>Cancel</button>
        <button
          className="primary-button"
          disabled={busy || !targetId || !accountText.trim()}
          onClick={() => void run()}
        >
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </Modal>
  );
}

function RecoveredDialog({
  savedAt,
  originalText,
  onClose,
}: {
  readonly savedAt: string;
  readonly originalText: string | null;
  readonly onClose: () => void;
}) {
  const meta = useDoc((s) => s.meta);
  const discard = () => {
    if (originalText !== null)
      void loadOpened({
        text: originalText,
        path: meta.path,
        title: meta.title,
        origin: meta.path ? 'file' : 'example',
      });
    discardAutosaveCopy(meta.path);
    onClose();
  };
  return (
    <Modal title="Recovered unsaved changes" onClose={onClose} testId="recovered-dialog">
      <p>
        vpclink found changes to <strong>{meta.title}</strong> that were not saved (autosaved{' '}
        {new Date(savedAt).toLocaleString()}). They are open now.
      </p>
      <div className="modal-actions">
        <button onClick={discard}>Discard them</button>
        <button className="primary-button" onClick={onClose} autoFocus>
          Keep them
        </button>
      </div>
    </Modal>
  );
}
