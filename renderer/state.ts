/**
 * The app's stores: the open document (one zustand store, see store/documentStore.ts) and the UI
 * state (panels, dialogs, notices). Components subscribe with narrow selectors so a change to one
 * record re-renders only what shows it.
 */
import { useStore } from 'zustand';
import { create } from 'zustand';
import type { Startup } from '../electron/common/hostApi';
import type { Topology } from '../simulator/document/schema';
import { buildTopologyIndex, type TopologyIndex } from '../simulator/model/topologyIndex';
import { createHeldView } from './heldView';
import { createDocumentStore, type DocumentState } from './store/documentStore';
import { editIsTyping } from './textFields';

export const documentStore = createDocumentStore();

/**
 * The document as drawn: held while a discrete edit waits for its verdict (heldView.ts,
 * sim/simStore.ts), and drawn at once when the change comes from a field (typing is never held).
 */
export const shownDocument = createHeldView(documentStore, editIsTyping);

export function useDoc<T>(selector: (state: DocumentState) => T): T {
  return useStore(shownDocument.api, selector);
}

const indexCache = new WeakMap<Topology, TopologyIndex>();
/** The index built last: the next version's index starts from it. */
let latestIndex: TopologyIndex | undefined;

/**
 * The topology index of a document, built once per document value, and incrementally: an edit
 * makes a document that shares every untouched array with the one before (immutable edits), and
 * `buildTopologyIndex` reuses each lookup whose source arrays are the very same, so adding a rule
 * rebuilds the security-group lookup only, not the other twenty (a full build is ~10 ms on L,
 * paid on every edit before a verdict could be drawn). Reuse is by array identity only, so the
 * index of an unrelated document (another file opened) is never mistaken for this one's.
 */
export function indexOf(doc: Topology): TopologyIndex {
  let index = indexCache.get(doc);
  if (!index) {
    index = buildTopologyIndex(doc, latestIndex);
    indexCache.set(doc, index);
    latestIndex = index;
  }
  return index;
}

export function useIndex(): TopologyIndex {
  return useDoc((s) => indexOf(s.doc));
}

export type BottomTab = 'ping' | 'matrix' | 'accounts' | 'apply' | 'drift' | 'findings';

export type Dialog =
  | { readonly kind: 'none' }
  | { readonly kind: 'open' }
  | { readonly kind: 'saveAs' }
  /** Save found the file changed on disk since it was loaded: overwrite, reload or save as. */
  | { readonly kind: 'changedOnDisk'; readonly path: string; readonly message: string }
  | { readonly kind: 'import' }
  | { readonly kind: 'connect'; readonly fromVpcId: string; readonly toVpcId: string }
  /** "Migrate to VPC peering…" of the pair that this router interface belongs to. */
  | { readonly kind: 'migrate'; readonly routerInterfaceId: string }
  | { readonly kind: 'recovered'; readonly savedAt: string; readonly originalText: string | null };

export interface Notice {
  readonly id: number;
  readonly level: 'info' | 'error';
  readonly text: string;
}

export interface UiState {
  readonly tab: BottomTab;
  readonly dialog: Dialog;
  readonly notices: readonly Notice[];
  /** The host's startup answer (its document is in the document store). */
  readonly startup: Omit<Startup, 'document'> | null;
  readonly fitRequest: number;
  setTab(tab: BottomTab): void;
  setDialog(dialog: Dialog): void;
  notify(level: Notice['level'], text: string): void;
  dismiss(id: number): void;
  requestFit(): void;
}

let noticeId = 0;

export const useUi = create<UiState>()((set, get) => ({
  tab: 'ping',
  dialog: { kind: 'none' },
  notices: [],
  startup: null,
  fitRequest: 0,
  setTab: (tab) => set({ tab }),
  setDialog: (dialog) => set({ dialog }),
  notify(level, text) {
    const id = ++noticeId;
    set({ notices: [...get().notices.slice(-3), { id, level, text }] });
    setTimeout(() => get().dismiss(id), level === 'error' ? 9000 : 4000);
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  requestFit: () => set({ fitRequest: get().fitRequest + 1 }),
}));
