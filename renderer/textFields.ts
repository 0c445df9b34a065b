/** Whether an element takes typed text (keyboard shortcuts and held views leave typing alone). */
export function isTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.tagName === 'INPUT' ||
      target.tagName === 'TEXTAREA' ||
      target.tagName === 'SELECT' ||
      target.isContentEditable)
  );
}

/** Whether focus is in a field (false where there is no page, as in unit tests). */
export function focusIsInTextField(): boolean {
  return typeof document !== 'undefined' && isTextField(document.activeElement);
}

/**
 * Whether the change being made comes from a field: the event being handled was sent to one (a
 * keystroke, a pick in a select, a checkbox). Such a change is drawn at once (heldView.ts). Outside
 * an event (a timer, an answer from the host), focus decides, as it did before. Focus alone is not
 * enough: a button's `click()` from a script or an assistive tool, or a menu command, leaves focus
 * in the field typed in last, and the edit it makes was drawn in a frame of its own before its
 * verdict, which then waited for that frame (~10 ms of CPU on L).
 */
export function editIsTyping(): boolean {
  const event = typeof window === 'undefined' ? undefined : window.event;
  return event ? isTextField(event.target) : focusIsInTextField();
}
