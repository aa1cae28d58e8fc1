/**
 * Events that travel on the bus between parts of the system (and, with Redis, between
 * instances). Add a variant here to add an event: publishers and subscribers stay type-checked.
 */
export type BusEvent =
  | { type: "user.registered"; userId: string; role: "client" | "worker" }
  | { type: "user.verified"; userId: string }
  | { type: "user.updated"; userId: string }
  | { type: "user.sessions_revoked"; userId: string; reason: string }
  | { type: "user.banned"; userId: string };

export type BusEventType = BusEvent["type"];
export type BusEventOf<T extends BusEventType> = Extract<BusEvent, { type: T }>;

/** Topics group events for subscription: one per user, or the system-wide feed. */
export type Topic = `user:${string}` | "system";
