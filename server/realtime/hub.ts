/**
 * The connection registry of one instance (centrifuge's hub): it knows only local connections,
 * indexed by user and by conversation. It subscribes this instance to a bus topic
 * (`user:<id>`, `conversation:<id>`) when the first local connection needs it and unsubscribes
 * a little after the last one goes, so a reconnecting client does not churn subscriptions.
 */
import type { BusEvent, Topic } from "@/lib/events.ts";
import type { Bus } from "@/server/bus/bus.ts";
import type { Connection } from "./connection.ts";

export interface HubOptions {
  /** How long a topic stays subscribed after its last local connection leaves. */
  lingerMs: number;
  /** Events on `user:<id>` for the local connections of that user. */
  onUserEvent(event: BusEvent, connections: readonly Connection[]): void;
}

export class Hub {
  readonly #byId = new Map<string, Connection>();
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #byConversation = new Map<string, Set<Connection>>();
  readonly #topics = new Map<
    Topic,
    { unsubscribe: () => void; timer?: ReturnType<typeof setTimeout> }
  >();

  constructor(readonly bus: Bus, readonly options: HubOptions) {}

  get size(): number {
    return this.#byId.size;
  }

  connections(): Connection[] {
    return [...this.#byId.values()];
  }

  connectionsOf(userId: string): Connection[] {
    return [...this.#byUser.get(userId) ?? []];
  }

  add(conn: Connection): void {
    this.#byId.set(conn.id, conn);
    const userId = conn.user.id;
    if (addTo(this.#byUser, userId, conn)) {
      this.#acquire(`user:${userId}`, (event) => {
        this.options.onUserEvent(event, this.connectionsOf(userId));
      });
    }
  }

  remove(conn: Connection): void {
    if (!this.#byId.delete(conn.id)) return;
    for (const conversationId of [...conn.conversations]) this.unsubscribe(conn, conversationId);
    if (removeFrom(this.#byUser, conn.user.id, conn)) this.#release(`user:${conn.user.id}`);
  }

  subscribe(conn: Connection, conversationId: string): void {
    if (!this.#byId.has(conn.id) || conn.conversations.has(conversationId)) return;
    conn.conversations.add(conversationId);
    if (addTo(this.#byConversation, conversationId, conn)) {
      this.#acquire(
        `conversation:${conversationId}`,
        (event) => this.#deliverToConversation(conversationId, event),
      );
    }
  }

  unsubscribe(conn: Connection, conversationId: string): void {
    if (!conn.conversations.delete(conversationId)) return;
    if (removeFrom(this.#byConversation, conversationId, conn)) {
      this.#release(`conversation:${conversationId}`);
    }
  }

  /** Drops every bus subscription (the server is stopping). */
  close(): void {
    for (const entry of this.#topics.values()) {
      clearTimeout(entry.timer);
      entry.unsubscribe();
    }
    this.#topics.clear();
  }

  #deliverToConversation(conversationId: string, event: BusEvent) {
    if (event.type !== "realtime.frame") return;
    const frame = event.frame;
    // Serialised once for every local socket, and only if one needs it.
    let text: string | undefined;
    for (const conn of this.#byConversation.get(conversationId) ?? []) {
      if (conn.user.id === event.exceptUserId) continue;
      text ??= JSON.stringify(frame);
      conn.send(frame, text);
    }
  }

  #acquire(topic: Topic, handler: (event: BusEvent) => void) {
    const existing = this.#topics.get(topic);
    if (existing) {
      clearTimeout(existing.timer);
      existing.timer = undefined;
      return;
    }
    this.#topics.set(topic, { unsubscribe: this.bus.subscribe(topic, handler) });
  }

  #release(topic: Topic) {
    const entry = this.#topics.get(topic);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.#topics.delete(topic);
      entry.unsubscribe();
    }, this.options.lingerMs);
  }
}

/** Adds to a set in a map; true when the set was empty before (the first one). */
function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): boolean {
  let set = map.get(key);
  if (!set) map.set(key, set = new Set());
  const first = set.size === 0;
  set.add(value);
  return first;
}

/** Removes from a set in a map; true when the set became empty (the last one left). */
function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): boolean {
  const set = map.get(key);
  if (!set || !set.delete(value)) return false;
  if (set.size > 0) return false;
  map.delete(key);
  return true;
}
