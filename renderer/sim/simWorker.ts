/**
 * The simulator worker (worker.ts), created once. Its own module, small and free of the app's
 * code, so that the page's entry (main.tsx, through startup.ts) starts it at once: it compiles
 * while the app's chunk downloads, and is ready to parse the startup document when the host's
 * answer arrives (documentLoader.ts).
 */
let worker: Worker | null | undefined;

/** The worker, started on the first call; null where there are no workers (unit tests in Node). */
export function simulatorWorker(): Worker | null {
  if (worker === undefined) {
    worker =
      typeof Worker === 'undefined'
        ? null
        : new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'vpclink-simulator' });
    worker?.addEventListener('error', (event) => console.error('simulator worker error', event.message));
  }
  return worker;
}
