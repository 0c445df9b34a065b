/**
 * Closing a window with unsaved changes: the decision, apart from the dialog so it is testable.
 */
export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const;

export type CloseAction =
  /** Nothing unsaved (or the user chose to discard): let the window close. */
  | { readonly kind: 'close'; readonly discardAutosave: boolean }
  /** Keep the window; ask the renderer to save, then it calls closeWindow(). */
  | { readonly kind: 'save-then-close' }
  | { readonly kind: 'stay' };

/** `choice` is the index into CLOSE_BUTTONS (undefined: no dialog was needed). */
export function closeAction(dirty: boolean, choice: number | undefined): CloseAction {
  if (!dirty) return { kind: 'close', discardAutosave: false };
  switch (choice) {
    case 0:
      return { kind: 'save-then-close' };
    case 1:
      return { kind: 'close', discardAutosave: true };
    default:
      return { kind: 'stay' };
  }
}

/**
 * "Don't Save": remove the crash-recovery copy, then close. A copy that cannot be removed comes
 * back at the next start as "recovered changes" the user chose to throw away, so the failure is
 * shown; the window closes all the same, as the user asked.
 */
export async function discardAutosaveThenClose(
  discard: () => Promise<void>,
  close: () => void,
  showError: (title: string, text: string) => void,
): Promise<void> {
  try {
    await discard();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    showError(
      'vpclink could not discard the autosaved copy',
      `${reason}\n\nThe next start offers these changes again as recovered changes; choose Discard there.`,
    );
  }
  close();
}
