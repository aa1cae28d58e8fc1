/**
 * Presence: who has a live connection, and when each user was last connected. Kept in this
 * instance's memory for now, behind an interface, so issue 5 can move it to Redis (where every
 * instance sees every connection) without touching the gateway or the chat code.
 */

export interface PresenceEntry {
  online: boolean;
  /** Epoch ms of the last disconnect (or connect), null when never seen since start. */
  lastSeen: number | null;
}

export interface PresenceStore {
  /** Records a connection; true when it is the user's first (they just came online). */
  connect(userId: string, connectionId: string, now: number): Promise<boolean>;
  /** Forgets a connection; true when it was the user's last (they just went offline). */
  disconnect(userId: string, connectionId: string, now: number): Promise<boolean>;
  isOnline(userId: string): Promise<boolean>;
  lookup(userIds: readonly string[]): Promise<Map<string, PresenceEntry>>;
}

export function createMemoryPresence(): PresenceStore {
  const connections = new Map<string, Set<string>>();
  const lastSeen = new Map<string, number>();
  return {
    connect(userId, connectionId, now) {
      let set = connections.get(userId);
      const first = !set || set.size === 0;
      if (!set) connections.set(userId, set = new Set());
      set.add(connectionId);
      lastSeen.set(userId, now);
      return Promise.resolve(first);
    },
    disconnect(userId, connectionId, now) {
      const set = connections.get(userId);
      if (!set || !set.delete(connectionId)) return Promise.resolve(false);
      lastSeen.set(userId, now);
      if (set.size > 0) return Promise.resolve(false);
      connections.delete(userId);
      return Promise.resolve(true);
    },
    isOnline(userId) {
      return Promise.resolve((connections.get(userId)?.size ?? 0) > 0);
    },
    lookup(userIds) {
      const out = new Map<string, PresenceEntry>();
      for (const id of userIds) {
        out.set(id, {
          online: (connections.get(id)?.size ?? 0) > 0,
          lastSeen: lastSeen.get(id) ?? null,
        });
      }
      return Promise.resolve(out);
    },
  };
}
