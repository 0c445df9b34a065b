/**
 * Background work the user did not start (autosave, telling the host the document is dirty) still
 * fails in ways the user must hear about: a failed autosave means a crash loses the changes since
 * the last save. Such a task repeats every few seconds, so its failure is shown once, and again
 * only after it has worked in between.
 */
export function reportFailuresOnce(
  what: string,
  consequence: string,
  notify: (text: string) => void,
  describe: (error: unknown) => string,
): (task: Promise<unknown>) => void {
  let failing = false;
  return (task) => {
    task.then(
      () => {
        failing = false;
      },
      (error: unknown) => {
        if (failing) return;
        failing = true;
        notify(`${what} failed: ${describe(error)}. ${consequence}`);
      },
    );
  };
}
