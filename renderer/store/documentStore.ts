/**
 * The store of one open document (zustand, vanilla so tests run in Node). The document is an
 * immutable value; every change goes through `change(label, edit)`, which records exactly one
 * undo step (consecutive keystrokes in one field coalesce into one step; a drag is recorded by
 * the canvas on release only).
 */
import { findDataplaneResource } from './dataplaneEdits';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Topology } from '../../simulator/document/schema';
import { emptyDocument, findResource } from './edits';
import {
  applyDelete,
  copyResources,
  pasteResources,
  planDelete,
  type ClipboardPayload,
  type DeletePlan,
} from './references';

export interface HistoryEntry {
  /** The document before the change. */
  readonly doc: Topology;
  /** What the change did ("Add VPC", "Edit cidrBlock"), for the Undo/Redo tooltips. */
  readonly label: string;
}

export type DocumentOrigin = 'file' | 'example' | 'new' | 'import' | 'recovered';

export interface DocumentMeta {
  readonly path: string | null;
  readonly title: string;
  readonly origin: DocumentOrigin;
}

export interface ChangeOptions {
  /** Changes with the same key in a row are one undo step (typing in one field). */
  readonly coalesceKey?: string;
  /** Selection after the change. */
  readonly select?: readonly string[];
}

export interface DocumentState {
  readonly doc: Topology;
  readonly meta: DocumentMeta;
  /** The document as last saved/opened: `dirty` = doc !== savedDoc. */
  readonly savedDoc: Topology;
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
  readonly lastCoalesceKey: string | null;
  /** Selected resource IDs (nodes and router-interface edges). */
  readonly selection: readonly string[];
  readonly clipboard: ClipboardPayload | null;
  /** A delete waiting for the user's confirmation (it would cascade or leave references dangling). */
  readonly pendingDelete: DeletePlan | null;

  load(doc: Topology, meta: DocumentMeta, options?: { readonly dirty?: boolean }): void;
  change(label: string, edit: (doc: Topology) => Topology, options?: ChangeOptions): void;
  undo(): void;
  redo(): void;
  select(ids: readonly string[]): void;
  toggleSelected(id: string): void;
  markSaved(meta: DocumentMeta, savedDoc?: Topology): void;
  /** Deletes at once when nothing else is affected, otherwise asks (pendingDelete). */
  requestDelete(ids?: readonly string[]): DeletePlan | null;
  confirmDelete(): void;
  cancelDelete(): void;
  copy(ids?: readonly string[]): ClipboardPayload | null;
  paste(payload?: ClipboardPayload | null): readonly string[];
}

export type DocumentStore = StoreApi<DocumentState>;

export const HISTORY_LIMIT = 200;

export function isDirty(state: Pick<DocumentState, 'doc' | 'savedDoc'>): boolean {
  return state.doc !== state.savedDoc;
}

export function createDocumentStore(
  initial: Topology = emptyDocument(),
  meta: DocumentMeta = { path: null, title: 'Untitled', origin: 'new' },
): DocumentStore {
  return createStore<DocumentState>()((set, get) => ({
    doc: initial,
    meta,
    savedDoc: initial,
    past: [],
    future: [],
    lastCoalesceKey: null,
    selection: [],
    clipboard: null,
    pendingDelete: null,

    load(doc, nextMeta, options) {
      set({
        doc,
        meta: nextMeta,
        // A recovered document differs from what is on disk: keep it dirty until saved.
        savedDoc: options?.dirty ? ({ ...doc } as Topology) : doc,
        past: [],
        future: [],
        lastCoalesceKey: null,
        selection: [],
        pendingDelete: null,
      });
    },

    change(label, edit, options) {
      const state = get();
      const next = edit(state.doc);
      if (next === state.doc) {
        if (options?.select) set({ selection: options.select });
        return;
      }
      const coalesce =
        options?.coalesceKey !== undefined && options.coalesceKey === state.lastCoalesceKey && state.past.length > 0;
      const past = coalesce ? state.past : [...state.past, { doc: state.doc, label }].slice(-HISTORY_LIMIT);
      set({
        doc: next,
        past,
        future: [],
        lastCoalesceKey: options?.coalesceKey ?? null,
        ...(options?.select ? { selection: options.select } : { selection: pruneSelection(next, state.selection) }),
      });
    },

    undo() {
      const { past, doc, future, selection } = get();
      const entry = past[past.length - 1];
      if (!entry) return;
      set({
        doc: entry.doc,
        past: past.slice(0, -1),
        future: [...future, { doc, label: entry.label }],
        lastCoalesceKey: null,
        selection: pruneSelection(entry.doc, selection),
      });
    },

    redo() {
      const { past, doc, future, selection } = get();
      const entry = future[future.length - 1];
      if (!entry) return;
      set({
        doc: entry.doc,
        past: [...past, { doc, label: entry.label }],
        future: future.slice(0, -1),
        lastCoalesceKey: null,
        selection: pruneSelection(entry.doc, selection),
      });
    },

    select(ids) {
      const current = get().selection;
      if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
      set({ selection: [...ids], lastCoalesceKey: null });
    },

    toggleSelected(id) {
      const current = get().selection;
      set({
        selection: current.includes(id) ? current.filter((x) => x !== id) : [...current, id],
        lastCoalesceKey: null,
      });
    },

    markSaved(nextMeta, savedDoc) {
      set({ meta: nextMeta, savedDoc: savedDoc ?? get().doc, lastCoalesceKey: null });
    },

    requestDelete(ids) {
      const target = ids ?? get().selection;
      const peerings = get().doc.vpcPeerConnections ?? [];
      const existing = target.filter((id) => findResource(get().doc, id) || peerings.some((p) => p.instanceId === id));
      if (existing.length === 0) return null;
      const plan = planDelete(get().doc, existing);
      const asksUser = plan.dangling.length > 0 || plan.removed.length > plan.requested.length;
      if (asksUser) {
        set({ pendingDelete: plan });
        return plan;
      }
      get().change(deleteLabel(plan), (doc) => applyDelete(doc, plan), { select: [] });
      return null;
    },

    confirmDelete() {
      const plan = get().pendingDelete;
      if (!plan) return;
      set({ pendingDelete: null });
      get().change(deleteLabel(plan), (doc) => applyDelete(doc, plan), { select: [] });
    },

    cancelDelete() {
      set({ pendingDelete: null });
    },

    copy(ids) {
      const payload = copyResources(get().doc, ids ?? get().selection);
      if (payload) set({ clipboard: payload });
      return payload ?? null;
    },

    paste(payload) {
      const source = payload ?? get().clipboard;
      if (!source) return [];
      let pasted: string[] = [];
      get().change('Paste', (doc) => {
        const result = pasteResources(doc, source);
        pasted = result.ids;
        return result.doc;
      });
      set({ selection: pasted });
      return pasted;
    },
  }));
}

function deleteLabel(plan: DeletePlan): string {
  return plan.removed.length === 1 ? `Delete ${plan.removed[0]}` : `Delete ${plan.removed.length} resources`;
}

/** Drops selected IDs that no longer exist (after undo, delete …). */
function pruneSelection(doc: Topology, selection: readonly string[]): readonly string[] {
  if (selection.length === 0) return selection;
  const kept = selection.filter(
    (id) => findResource(doc, id) !== undefined || findDataplaneResource(doc, id) !== undefined,
  );
  return kept.length === selection.length ? selection : kept;
}
