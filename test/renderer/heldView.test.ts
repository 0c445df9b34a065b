/**
 * The held view the components draw the document through (renderer/heldView.ts): a change is
 * published a microtask later, a hold keeps what is drawn until release or its limit, and the
 * store itself is never held.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createHeldView } from '../../renderer/heldView';

const flushMicrotasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(atOnce?: () => boolean) {
  const store = createStore<{ n: number }>()(() => ({ n: 0 }));
  const view = createHeldView(store, atOnce);
  const seen: number[] = [];
  view.api.subscribe((state) => seen.push(state.n));
  return { store, view, seen };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('held view of a store', () => {
  it('publishes a change a microtask later, once for several changes in one task', async () => {
    const { store, view, seen } = setup();
    store.setState({ n: 1 });
    store.setState({ n: 2 });
    expect(view.api.getState().n).toBe(0);
    await flushMicrotasks();
    expect(view.api.getState().n).toBe(2);
    expect(seen).toEqual([2]);
  });

  it('keeps what is drawn while held (the store moves on) and publishes the latest state on release', async () => {
    const { store, view, seen } = setup();
    store.subscribe(() => view.hold(100));
    store.setState({ n: 1 });
    await flushMicrotasks();
    expect(store.getState().n).toBe(1);
    expect(view.api.getState().n).toBe(0);
    expect(seen).toEqual([]);
    view.release();
    expect(view.api.getState().n).toBe(1);
    expect(seen).toEqual([1]);
  });

  it('publishes by itself when the hold reaches its limit, and a release after that changes nothing', async () => {
    vi.useFakeTimers();
    const { store, view, seen } = setup();
    view.hold(100);
    store.setState({ n: 5 });
    await vi.advanceTimersByTimeAsync(99);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([5]);
    view.release();
    expect(seen).toEqual([5]);
  });

  it('does not notify when the state released is the one already drawn (a change undone while held)', async () => {
    const { store, view, seen } = setup();
    const drawn = store.getState();
    view.hold(100);
    store.setState({ n: 1 });
    store.setState(drawn, true);
    await flushMicrotasks();
    view.release();
    expect(view.api.getState()).toBe(drawn);
    expect(seen).toEqual([]);
  });

  it('while the user types, publishes each change in the listener itself and ends a hold (a controlled field keeps its caret)', () => {
    let typing = false;
    const { store, view, seen } = setup(() => typing);
    view.hold(100);
    store.setState({ n: 1 });
    expect(seen).toEqual([]);
    typing = true;
    store.setState({ n: 2 });
    expect(view.api.getState().n).toBe(2);
    expect(seen).toEqual([2]);
    store.setState({ n: 3 });
    expect(seen).toEqual([2, 3]);
  });
});
