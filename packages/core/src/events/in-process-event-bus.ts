import type { EventBus, SiftEvent } from '../ports/event-bus.port.js';

/** The embedded default: listeners in this process only. */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Set<(event: SiftEvent) => void>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  publish(event: SiftEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken listener (say, a closed socket) must never fail the work that published the event.
        this.onListenerError(err);
      }
    }
  }

  subscribe(listener: (event: SiftEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
