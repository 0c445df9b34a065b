/**
 * The words a user reads for the API's and the engine's enum values. The enums stay exact in the
 * document, the CLI's `--json` and tooltips; on screen a sentence says "rolled back", not
 * "rolledBack". One table per enum; an unknown value (a newer API) is split into words rather
 * than shown raw.
 */

/** `AcceptingConnecting` → `accepting connecting`, `noChange` → `no change`. */
function splitWords(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** Router-interface Status (aliyun-api.md §3.9), as the console words them. */
const RI_STATUS_WORDS: Readonly<Record<string, string>> = {
  Idle: 'Idle',
  AcceptingConnecting: 'Accepting connection',
  Connecting: 'Connecting',
  Activating: 'Activating',
  Active: 'Active',
  Modifying: 'Modifying',
  Deactivating: 'Deactivating',
  Inactive: 'Inactive',
  Deleting: 'Deleting',
};

export function statusWord(status: string): string {
  return RI_STATUS_WORDS[status] ?? capitalize(splitWords(status));
}

/** How an apply, destroy or rollback run is or ended (hostApi RunView.state). */
const RUN_STATE_WORDS: Readonly<Record<string, string>> = {
  running: 'running',
  cancelling: 'cancelling',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  rolledBack: 'rolled back',
  refused: 'refused (the plan has errors)',
  noChange: 'nothing to change',
  declined: 'declined',
  'no-op': 'nothing to change',
};

export function runStateWord(state: string): string {
  return RUN_STATE_WORDS[state] ?? splitWords(state);
}

export function roleWord(role: string): string {
  return role === 'InitiatingSide' ? 'initiator' : role === 'AcceptingSide' ? 'acceptor' : splitWords(role);
}

/** A trace's disposition (topology-format.md §3.2). */
export function dispositionWord(disposition: string): string {
  return disposition === 'NOT_EVALUATED'
    ? 'not evaluated'
    : disposition === 'UNDETERMINED'
      ? 'undetermined (leaves what vpclink models)'
      : disposition.toLowerCase();
}

/**
 * How a verdict looks. `undetermined` has its own look: it is never "not reachable" (nothing
 * drops the packet) and never green (vpclink cannot know it arrives, topology-format.md §4.3).
 */
export function verdictLook(verdict: string): {
  readonly text: string;
  readonly icon: string;
  readonly className: string;
} {
  switch (verdict) {
    case 'reachable':
      return { text: 'Reachable', icon: '✔', className: 'verdict-ok' };
    case 'undetermined':
      return { text: 'Undetermined', icon: '?', className: 'verdict-unknown' };
    // Not a verdict: the version on screen is being checked (panels/PingPanel.tsx).
    case 'pending':
      return { text: 'Checking…', icon: '…', className: 'verdict-pending' };
    default:
      return { text: 'Not reachable', icon: '✖', className: 'verdict-bad' };
  }
}

/** A blocker's `cause` (simulator/reach/types.ts): an explicit drop rule or the default deny. */
export function causeWord(cause: string): string {
  return cause === 'EXPLICIT_DROP'
    ? 'an explicit drop rule'
    : cause === 'DEFAULT_DENY'
      ? 'the default deny (no rule matched)'
      : splitWords(cause);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
