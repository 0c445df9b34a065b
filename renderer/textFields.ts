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

/** Whether the user is typing: focus is in a field (false where there is no page, as in unit tests). */
export function focusIsInTextField(): boolean {
  return typeof document !== 'undefined' && isTextField(document.activeElement);
}
