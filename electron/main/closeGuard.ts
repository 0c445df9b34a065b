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
