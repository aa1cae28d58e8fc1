/**
 * What arrives on a user's topic for their local sockets: frames for them, notifications, and
 * account events — a membership change (subscribe or unsubscribe the sockets), a ban (close
 * 4503), a revoked session (close the sockets of the sessions that ended with 4501).
 */
import { CLOSE } from "@/lib/chat_protocol.ts";
import type { BusEvent } from "@/lib/events.ts";
import type { AppDeps } from "@/server/web/context.ts";
import { findEndedSessions } from "./auth.ts";
import type { Connection } from "./connection.ts";

export function createUserEventHandler(deps: () => AppDeps) {
  function onUserEvent(event: BusEvent, connections: readonly Connection[]) {
    switch (event.type) {
      case "realtime.frame":
        for (const conn of connections) conn.send(event.frame);
        return;
      case "notification.created":
        for (const conn of connections) {
          conn.send({ type: "notification", notification: event.notification });
        }
        return;
      case "conversation.joined":
        for (const conn of connections) conn.subscribe(event.conversationId);
        return;
      case "conversation.left":
        for (const conn of connections) conn.unsubscribe(event.conversationId);
        return;
      case "user.banned":
        for (const conn of connections) conn.close(CLOSE.banned, "This account is suspended.");
        return;
      case "user.sessions_revoked":
        void closeRevoked(connections);
        return;
    }
  }

  async function closeRevoked(connections: readonly Connection[]) {
    const { db, clock, log } = deps();
    try {
      const ended = await findEndedSessions(
        db.orm,
        connections.map((c) => c.sessionId),
        clock.now(),
      );
      for (const conn of connections) {
        if (ended.has(conn.sessionId)) {
          conn.close(CLOSE.sessionRevoked, "This session was signed out.");
        }
      }
    } catch (err) {
      log.error("checking revoked sessions failed", { error: err });
    }
  }

  return onUserEvent;
}
