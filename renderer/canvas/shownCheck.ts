/**
 * The check the canvas draws: the simulator's verdict while it answers the document as drawn and
 * the question as shown (sim/simStore.ts `checkIsCurrent`), else none. Between a new question (or
 * an edit drawn before its verdict) and its answer the panels say "Checking…"; the previous
 * answer's path, blockers and Fix buttons drawn next to the new question would be a wrong answer on
 * screen, so the canvas draws no path until the new one arrives.
 *
 * Freshness is followed by one subscription for the whole canvas (`useShownCheckFollowed`), not one
 * per node: the nodes and links select from this store, which changes only when the check shown
 * changes (the simulator's store also changes with every finding, intent and matrix). Its listeners
 * run in the same task as the panels', so the panel and the canvas change in the same frame.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { checkIsCurrent, useSim } from '../sim/simStore';
import type { CheckOutcome } from '../sim/types';
import { shownDocument } from '../state';

interface ShownCheck {
  readonly check: CheckOutcome | null;
}

export const useShownCheck = create<ShownCheck>()(() => ({ check: null }));

function follow(): void {
  const sim = useSim.getState();
  const check = checkIsCurrent(sim, shownDocument.api.getState().doc) ? sim.check : null;
  if (useShownCheck.getState().check !== check) useShownCheck.setState({ check });
}

/** Call once, in the canvas: keeps `useShownCheck` following the simulator and the document drawn. */
export function useShownCheckFollowed(): void {
  useEffect(() => {
    follow();
    const stopSim = useSim.subscribe(follow);
    const stopDoc = shownDocument.api.subscribe(follow);
    return () => {
      stopSim();
      stopDoc();
    };
  }, []);
}
