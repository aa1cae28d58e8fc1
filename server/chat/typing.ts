/**
 * Typing indicators: no database, one timer per (conversation, user) on the instance whose
 * socket sent typing_start. `user_typing` goes out when someone starts; a refresh only pushes
 * the expiry back; silence for the TTL, typing_stop, sending a message or disconnecting all
 * end it with `user_stopped_typing`.
 */
import type { Realtime } from "@/server/realtime/types.ts";

interface Entry {
  timer: ReturnType<typeof setTimeout>;
  connectionId: string;
  realtime: Realtime;
}

export function createTypingTracker() {
  const entries = new Map<string, Entry>();
  const key = (conversationId: string, userId: string) => `${conversationId} ${userId}`;

  function stop(conversationId: string, userId: string): Promise<void> {
    const k = key(conversationId, userId);
    const entry = entries.get(k);
    if (!entry) return Promise.resolve();
    clearTimeout(entry.timer);
    entries.delete(k);
    return entry.realtime.toConversation(conversationId, {
      type: "user_stopped_typing",
      conversationId,
      userId,
    }, { exceptUserId: userId });
  }

  return {
    async start(
      realtime: Realtime,
      conversationId: string,
      userId: string,
      connectionId: string,
      ttlMs: number,
    ) {
      const k = key(conversationId, userId);
      const existing = entries.get(k);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => void stop(conversationId, userId), ttlMs);
      entries.set(k, { timer, connectionId, realtime });
      if (!existing) {
        await realtime.toConversation(conversationId, {
          type: "user_typing",
          conversationId,
          userId,
        }, { exceptUserId: userId });
      }
    },
    stop,
    /** Ends what a closed socket started. */
    stopConnection(connectionId: string) {
      for (const [k, entry] of entries) {
        if (entry.connectionId !== connectionId) continue;
        const [conversationId, userId] = k.split(" ");
        void stop(conversationId, userId);
      }
    },
    close() {
      for (const entry of entries.values()) clearTimeout(entry.timer);
      entries.clear();
    },
  };
}
