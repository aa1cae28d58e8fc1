/**
 * The event bus: typed publish/subscribe on topics. In-process here; redis_bus.ts carries it
 * between instances behind the same interface, so publishers never know which one they talk to.
 */
import type { BusEvent, Topic } from "@/lib/events.ts";

export type BusHandler = (event: BusEvent, topic: Topic) => void | Promise<void>;

export interface Bus {
  publish(topic: Topic, event: BusEvent): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(topic: Topic, handler: BusHandler): () => void;
  close(): Promise<void>;
  /**
   * Runs when events from other instances may have been lost (Redis came back after an
   * outage), so listeners can have clients resync. The memory bus never loses any.
   */
  onGap?(listener: () => void): () => void;
}

export function createMemoryBus(onError: (err: unknown, event: BusEvent) => void = () => {}): Bus {
  const handlers = new Map<Topic, Set<BusHandler>>();
  return {
    publish(topic, event) {
      for (const handler of handlers.get(topic) ?? []) {
        // Delivered on a later task, as a network bus would: a publisher never runs subscriber
        // code inside its own call (or its own transaction).
        queueMicrotask(async () => {
          try {
            await handler(event, topic);
          } catch (err) {
            onError(err, event);
          }
        });
      }
      return Promise.resolve();
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, set = new Set());
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(topic);
      };
    },
    close() {
      handlers.clear();
      return Promise.resolve();
    },
  };
}
