/** The host's event bus: handlers emit, transports (SSE, webContents.send) subscribe. */
import type { HostEvent } from '../common/hostApi';

export type HostEventListener = (event: HostEvent) => void;

export interface EventHub {
  emit(event: HostEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: HostEventListener): () => void;
  readonly listenerCount: () => number;
}

export function createEventHub(): EventHub {
  const listeners = new Set<HostEventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // A broken subscriber (a closed stream) must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
}
