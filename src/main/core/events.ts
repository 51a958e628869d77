import type { EventMap, EventName } from '../../shared/contract';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** Core → transports: every contract event passes through here. */
export class EventBus {
  private listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // A broken transport must not stop the others.
      }
    }
  }

  /** Returns the unsubscribe function. */
  onAny(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
