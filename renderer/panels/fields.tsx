/**
 * Form fields that validate as you type: a local syntax check on every keystroke, and the
 * simulator's findings for the field's JSON Pointer shown underneath. Each keystroke is committed
 * (one undo step per field edit: keystrokes coalesce) so the graph and verdict follow live.
 */
import { useId, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ALIBABA_REGIONS, isKnownRegion, regionError } from '../regions';
import { parseCidr, parseIpv4 } from '../../simulator/net/ipv4';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../sim/simStore';
import type { FindingView } from '../sim/types';

export type Validator = (value: string) => string | null;

export const validators = {
  required: (value: string) => (value.trim() === '' ? 'required' : null),
  cidr: (value: string) => {
    const r = parseCidr(value);
    return r.ok ? null : r.error;
  },
  ip: (value: string) => {
    const r = parseIpv4(value);
    return r.ok ? null : r.error;
  },
  portRange: (value: string) => {
    const m = /^(-?\d+)\/(-?\d+)$/.exec(value);
    if (!m) return 'write start/end, e.g. 22/22, 1/65535 or -1/-1';
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a === -1 && b === -1) return null;
    if (a < 1 || b > 65535 || a > b) return 'ports are 1–65535 and start ≤ end (or -1/-1 for ICMP/GRE/ALL)';
    return null;
  },
} satisfies Record<string, Validator>;

const NO_FINDINGS: readonly FindingView[] = [];

/**
 * A local draft of `value` that starts again from `value` whenever `value` changes (an undo, a
 * rename elsewhere). Adjusted while rendering, as React recommends, rather than in an effect.
 */
export function useDraftOf(value: string): [string, (text: string) => void] {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  return [draft, setDraft];
}

/** Findings located exactly at `path` (or inside it when `prefix`). */
export function useFindingsAt(path: string | undefined, prefix = false): readonly FindingView[] {
  return useSim(
    useShallow((s) => {
      if (!path) return NO_FINDINGS;
      const hits = s.findings.filter((f) => f.path === path || (prefix && f.path.startsWith(path + '/')));
      return hits.length ? hits : NO_FINDINGS;
    }),
  );
}

/**
 * The findings at one document path. The hook runs inside this component, so a form may return
 * early (its resource was just deleted) without changing the number of hooks it calls.
 */
export function FindingsAt({ path, prefix = false }: { readonly path: string; readonly prefix?: boolean }) {
  return <FindingList findings={useFindingsAt(path, prefix)} />;
}

export function FindingList({ findings }: { readonly findings: readonly FindingView[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="field-findings">
      {findings.map((f, i) => (
        <li key={i} className={`finding finding-${f.severity}`} data-testid={`finding-${f.code}`}>
          <span className="finding-code">{f.code}</span> {f.message}
          {f.suggestion && <div className="finding-suggestion">→ {f.suggestion}</div>}
        </li>
      ))}
    </ul>
  );
}

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange?: (value: string) => void;
  /** JSON Pointer of the field, for the simulator's findings. */
  readonly path?: string;
  readonly validate?: Validator;
  readonly mono?: boolean;
  readonly placeholder?: string;
  readonly readOnly?: boolean;
  readonly testId?: string;
  readonly hint?: ReactNode;
}

export function TextField({
  label,
  value,
  onChange,
  path,
  validate,
  mono,
  placeholder,
  readOnly,
  testId,
  hint,
}: TextFieldProps) {
  const id = useId();
  const local = validate ? validate(value) : null;
  const findings = useFindingsAt(path);
  const invalid = local !== null || findings.some((f) => f.severity === 'error');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`${mono ? 'mono ' : ''}${invalid ? 'invalid' : ''}`}
        value={value}
        placeholder={placeholder}
        readOnly={readOnly}
        spellCheck={false}
        aria-invalid={invalid}
        data-testid={testId}
        onChange={(e) => onChange?.(e.target.value)}
      />
      {local && <div className="field-error">{local}</div>}
      {hint && <div className="field-hint">{hint}</div>}
      <FindingList findings={findings} />
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T | '';
  readonly options: readonly (T | { readonly value: T; readonly label: string })[];
  readonly onChange: (value: T) => void;
  readonly path?: string;
  readonly allowEmpty?: string;
  readonly testId?: string;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  path,
  allowEmpty,
  testId,
}: SelectFieldProps<T>) {
  const id = useId();
  const findings = useFindingsAt(path);
  const normalized = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  const known = value === '' || normalized.some((o) => o.value === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as T)}>
        {allowEmpty !== undefined && <option value="">{allowEmpty}</option>}
        {!known && <option value={value}>{value} (not in document)</option>}
        {normalized.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FindingList findings={findings} />
    </div>
  );
}

interface DraftFieldProps {
  readonly label: string;
  readonly value: string;
  /** Why the text cannot be committed (null: it can). */
  readonly refuse: (text: string) => string | null;
  readonly onCommit: (text: string) => void;
  readonly path?: string;
  readonly mono?: boolean;
  readonly testId?: string;
  readonly hint?: ReactNode;
  readonly placeholder?: string;
}

/** A text field on useDraft: a refused draft stays in the field with the reason; the document keeps the last good value. */
/**
 * Edits a draft of `value` and commits it on Enter or on leaving the field, only when `refuse`
 * finds nothing wrong; Escape reverts. For values other records point at or that reorder a table
 * (an account's UID, a rule's priority), so nothing moves while the user types.
 */
export function useDraft(value: string, refuse: (text: string) => string | null, onCommit: (text: string) => void) {
  const [draft, setDraft] = useDraftOf(value);
  const error = draft === value ? null : refuse(draft);
  const commit = () => {
    if (draft !== value && refuse(draft) === null) onCommit(draft);
  };
  return {
    error,
    inputProps: {
      value: draft,
      'aria-invalid': error !== null,
      onChange: (e: ChangeEvent<HTMLInputElement>) => setDraft(e.target.value),
      onBlur: commit,
      onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(value);
      },
    },
  };
}

export function DraftField({ label, value, refuse, onCommit, path, mono, testId, hint, placeholder }: DraftFieldProps) {
  const id = useId();
  const { error, inputProps } = useDraft(value, refuse, onCommit);
  const findings = useFindingsAt(path);
  const invalid = error !== null || findings.some((f) => f.severity === 'error');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`${mono ? 'mono ' : ''}${invalid ? 'invalid' : ''}`}
        spellCheck={false}
        placeholder={placeholder}
        data-testid={testId}
        {...inputProps}
        aria-invalid={invalid}
      />
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {hint && <div className="field-hint">{hint}</div>}
      <FindingList findings={findings} />
    </div>
  );
}

/**
 * A region picked from Alibaba Cloud's region IDs (renderer/regions.ts): type to filter the list;
 * only a listed ID is written to the document, anything else is refused with a message.
 */
export function RegionField({
  label,
  value,
  onChange,
  path,
  testId,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (regionId: string) => void;
  readonly path?: string;
  readonly testId?: string;
}) {
  const id = useId();
  const listId = useId();
  const [draft, setDraft] = useDraftOf(value);
  const refused = draft === value ? null : regionError(draft);
  const findings = useFindingsAt(path);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={refused ? 'invalid' : ''}
        list={listId}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={refused !== null}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          if (next !== value && isKnownRegion(next.trim())) onChange(next.trim());
        }}
        onBlur={() => regionError(draft) !== null && draft === '' && setDraft(value)}
        onKeyDown={(e) => e.key === 'Escape' && setDraft(value)}
      />
      <datalist id={listId}>
        {ALIBABA_REGIONS.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </datalist>
      {refused && (
        <div className="field-error" role="alert">
          {refused}
        </div>
      )}
      {!refused && !isKnownRegion(value) && value !== '' && (
        <div className="field-hint">{value} is not in vpclink's list of region IDs; pick one to change it</div>
      )}
      <FindingList findings={findings} />
    </div>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly actions?: ReactNode;
}) {
  return (
    <section className="insp-section">
      <div className="insp-section-head">
        <h3>{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}
