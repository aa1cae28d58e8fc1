/**
 * The page's unread-message counts per conversation, for the header's Messages links (there
 * are several on a page: inline, in the Menu, beside the bell). One store per page follows the
 * chat client once: counts from the `authenticated` frame, +1 for each new message from
 * someone else (unless its thread is open and visible here, which reads it at once), and a
 * recount from the API after the viewer reads something.
 */
import { getChatClient } from "./ws_client.ts";

type Counts = Record<string, number>;

export interface UnreadStore {
  /** null until the first count is known. */
  get(): Counts | null;
  subscribe(fn: (counts: Counts) => void): () => void;
}

const SHARED = Symbol.for("workmate.unreadStore");

export function getUnreadStore(viewerId: string): UnreadStore {
  const g = globalThis as unknown as { [SHARED]?: UnreadStore };
  return g[SHARED] ??= createUnreadStore(viewerId);
}

function createUnreadStore(viewerId: string): UnreadStore {
  const client = getChatClient();
  const listeners = new Set<(counts: Counts) => void>();
  let counts: Counts | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const set = (next: Counts) => {
    counts = next;
    for (const fn of listeners) fn(next);
  };
  const recount = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const res = await fetch("/api/v1/conversations", {
          headers: { accept: "application/json" },
        });
        if (!res.ok) return;
        const body = await res.json() as { items: { id: string; unread: number }[] };
        set(Object.fromEntries(body.items.map((c) => [c.id, c.unread])));
      } catch {
        // Offline: keep the last count.
      }
    }, 300);
  };
  const openHere = (id: string) =>
    document.visibilityState === "visible" &&
    document.querySelector(`.chat-thread[data-conversation-id="${CSS.escape(id)}"]`) !== null;
  client.on("authenticated", (f) => {
    set(Object.fromEntries(f.conversations.map((c) => [c.id, c.unread])));
  });
  client.on("new_message", ({ message: m }) => {
    if (!counts || m.senderId === viewerId || openHere(m.conversationId)) return;
    set({ ...counts, [m.conversationId]: (counts[m.conversationId] ?? 0) + 1 });
  });
  client.on("message_read", (f) => {
    if (f.userId === viewerId) recount();
  });
  // Created after the connection authenticated: its counts went by, so ask.
  if (client.state === "open") recount();
  return {
    get: () => counts,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
