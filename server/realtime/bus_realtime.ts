/**
 * `Realtime` over the bus: a frame for a user or a conversation is published as a
 * `realtime.frame` event on `user:<id>` or `conversation:<id>`, and every instance's gateway
 * delivers it to the local sockets subscribed to that topic. Nothing here knows about sockets,
 * so features reach connections on other instances the same way as local ones.
 */
import type { Bus } from "@/server/bus/bus.ts";
import type { PresenceStore } from "./presence.ts";
import type { Realtime } from "./types.ts";

export function createBusRealtime(bus: Bus, presence: Pick<PresenceStore, "isOnline">): Realtime {
  return {
    toUser(userId, frame) {
      return bus.publish(`user:${userId}`, { type: "realtime.frame", frame });
    },
    toConversation(conversationId, frame, opts = {}) {
      return bus.publish(`conversation:${conversationId}`, {
        type: "realtime.frame",
        frame,
        ...(opts.exceptUserId ? { exceptUserId: opts.exceptUserId } : {}),
        ...(opts.receivedAt !== undefined
          ? { receivedAt: opts.receivedAt, origin: opts.origin }
          : {}),
      });
    },
    isOnline(userId) {
      return presence.isOnline(userId);
    },
  };
}
