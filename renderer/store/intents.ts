/**
 * Pure edits of the document's `intents` (topology-format.md §4.1). The store wraps them in
 * undoable changes (IntentsPanel.tsx); tests call them directly.
 */
import type { Intent, Topology } from '../../simulator/document/schema';
import type { CheckOutcome, FlowQuery } from '../sim/types';

/** What the intent form edits; `port` only for tcp and udp. */
export interface IntentDraft {
  readonly name?: string;
  readonly from: string;
  readonly to: string;
  readonly protocol: Intent['protocol'];
  readonly port?: number;
  readonly expect: Intent['expect'];
}

function normalized(draft: IntentDraft): Intent {
  const name = draft.name?.trim();
  const withPort = (draft.protocol === 'tcp' || draft.protocol === 'udp') && draft.port !== undefined;
  return {
    ...(name ? { name } : {}),
    from: draft.from.trim(),
    to: draft.to.trim(),
    protocol: draft.protocol,
    ...(withPort ? { port: draft.port } : {}),
    expect: draft.expect,
  };
}

export function addIntent(doc: Topology, draft: IntentDraft): Topology {
  return { ...doc, intents: [...(doc.intents ?? []), normalized(draft)] };
}

export function updateIntent(doc: Topology, index: number, draft: IntentDraft): Topology {
  const list = doc.intents ?? [];
  if (index < 0 || index >= list.length) return doc;
  // Fields this form does not know (a looseObject keeps them) survive the edit.
  const { name: _name, port: _port, ...kept } = list[index]!;
  void _name;
  void _port;
  return { ...doc, intents: list.map((intent, i) => (i === index ? { ...kept, ...normalized(draft) } : intent)) };
}

/** Removes one intent; the key goes when the last one does, so the document reads as before. */
export function removeIntent(doc: Topology, index: number): Topology {
  const list = doc.intents ?? [];
  if (index < 0 || index >= list.length) return doc;
  const rest = list.filter((_, i) => i !== index);
  if (rest.length > 0) return { ...doc, intents: rest };
  const { intents: _gone, ...without } = doc;
  void _gone;
  return without;
}

/** Whether the document already holds this exact intent (same ends, flow and expectation). */
export function hasIntent(doc: Topology, draft: IntentDraft): boolean {
  const wanted = normalized(draft);
  return (doc.intents ?? []).some(
    (i) =>
      i.from === wanted.from &&
      i.to === wanted.to &&
      i.protocol === wanted.protocol &&
      (i.port ?? null) === (wanted.port ?? null) &&
      i.expect === wanted.expect,
  );
}

/**
 * The intent a check result becomes ("Keep as intent"): its flow, expecting the verdict it has
 * now. An undetermined verdict cannot: an intent expects a definite answer, and keeping "whatever
 * it is" would pass nothing and fail nothing (topology-format.md §4.3).
 */
export function intentFromCheck(
  query: FlowQuery,
  check: CheckOutcome | null,
): { readonly kind: 'ok'; readonly draft: IntentDraft } | { readonly kind: 'refused'; readonly reason: string } {
  if (!check || check.kind !== 'result') return { kind: 'refused', reason: 'There is no check result to keep.' };
  if (check.verdict === 'undetermined')
    return {
      kind: 'refused',
      reason:
        'The verdict is undetermined: vpclink cannot know this path, so it cannot become an intent (an intent expects reachable or unreachable).',
    };
  const withPort = (query.protocol === 'tcp' || query.protocol === 'udp') && query.port !== null;
  return {
    kind: 'ok',
    draft: {
      from: query.from,
      to: query.to,
      protocol: query.protocol,
      ...(withPort ? { port: query.port! } : {}),
      expect: check.verdict,
    },
  };
}
