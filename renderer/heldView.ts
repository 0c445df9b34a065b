/**
 * What the components draw of a store: its state, published a moment after each change, and held
 * back while a discrete edit waits for its verdict, so that the edit and the verdict it causes
 * reach the screen in one frame. Without the hold, an edit drew two frames: its own (the forms,
 * the panels, the document's selectors on every node) and then the verdict's, which waited behind
 * the first frame's paint (~20 ms on L) although the worker had answered in ~2 ms.
 *
 * Code outside React (commands, the simulator link, autosave) keeps reading the store itself and
 * sees every change at once; only what is drawn waits, and never longer than the hold's limit.
 */
import type { StoreApi } from 'zustand/vanilla';

export interface HeldView<T> {
  /** A read-only store for `useStore(api, selector)`: the state last published. */
  readonly api: Pick<StoreApi<T>, 'getState' | 'getInitialState' | 'subscribe'>;
  /**
   * Keeps the state drawn as it is until `release()` or `maxMs`, whichever comes first. Called
   * during the change it should hold (from one of the store's own listeners): publication waits
   * for a microtask, by which time every listener of that change has had its say.
   */
  hold(maxMs: number): void;
  /** Publishes the store's current state now (the verdict has arrived); nothing when not held. */
  release(): void;
}

/**
 * @param atOnce whether a change must be drawn now, in the listener, ending any hold: true while
 * the user types. A controlled field whose value is the document's must get its keystroke before
 * the event that typed it ends; one published a microtask later is restored by React to the old
 * value first, and the caret jumps to the end of the field (typing "99" after the first character
 * of "-1/-1" gave "-91/-19").
 */
export function createHeldView<T>(store: StoreApi<T>, atOnce: () => boolean = () => false): HeldView<T> {
  let shown = store.getState();
  let held: ReturnType<typeof setTimeout> | null = null;
  let scheduled = false;
  const listeners = new Set<(state: T, previous: T) => void>();

  const publish = () => {
    const previous = shown;
    shown = store.getState();
    if (shown !== previous) for (const listener of listeners) listener(shown, previous);
  };

  store.subscribe(() => {
    if (atOnce()) {
      if (held !== null) clearTimeout(held);
      held = null;
      publish();
      return;
    }
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (held === null) publish();
    });
  });

  return {
    api: {
      getState: () => shown,
      getInitialState: () => store.getInitialState(),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    hold(maxMs) {
      if (held !== null) return;
      held = setTimeout(() => {
        held = null;
        publish();
      }, maxMs);
    },
    release() {
      if (held === null) return;
      clearTimeout(held);
      held = null;
      publish();
    },
  };
}
