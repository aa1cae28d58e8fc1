/**
 * The chat side of the WebSocket protocol: handlers for the client frames chat owns, and its
 * per-instance state (typing timers). Created once per app (createChatFeature in buildDeps).
 * Handlers throw domain errors; the gateway turns them into error frames.
 */
import type { RealtimeFeature } from "@/server/realtime/gateway.ts";
import { type FrameContext, FrameError, type FrameHandlers } from "@/server/realtime/types.ts";
import { HttpError } from "@/server/errors.ts";
import { joinChannel, leaveChannel } from "./channels.ts";
import { deleteMessage, editMessage, reactToMessage } from "./edit.ts";
import { listMessagesAfter } from "./history.ts";
import { findMembership, getConversation, requireMembership } from "./members.ts";
import { markConversationRead } from "./receipts.ts";
import { sendMessage } from "./send.ts";
import { createTypingTracker } from "./typing.ts";

export function createChatFeature(): RealtimeFeature {
  const typing = createTypingTracker();

  const handlers: FrameHandlers = {
    async send_message(ctx, frame) {
      const { conn } = ctx;
      try {
        await sendMessage(ctx.deps, conn.user, frame, (outcome) => {
          conn.send({ type: "ack", ...outcome.ack });
        });
      } catch (err) {
        throw withRetryAfter(err, frame.clientMsgId);
      }
      await typing.stop(frame.conversationId, conn.user.id);
    },
    async edit_message(ctx, frame) {
      await editMessage(ctx.deps, ctx.conn.user, frame.messageId, frame.content);
    },
    async delete_message(ctx, frame) {
      await deleteMessage(ctx.deps, ctx.conn.user, frame.messageId);
    },
    async react(ctx, frame) {
      await reactToMessage(ctx.deps, ctx.conn.user, frame);
    },
    async typing_start(ctx, frame) {
      await requireMembership(ctx.deps.db.orm, frame.conversationId, ctx.conn.user.id);
      await typing.start(
        ctx.realtime,
        frame.conversationId,
        ctx.conn.user.id,
        ctx.conn.id,
        ctx.deps.gateway.settings.typingTtlMs,
      );
    },
    async typing_stop(ctx, frame) {
      await typing.stop(frame.conversationId, ctx.conn.user.id);
    },
    async mark_as_read(ctx, frame) {
      await markConversationRead(ctx.deps, ctx.conn.user, frame.conversationId, frame.seq);
    },
    async join_room(ctx, frame) {
      const conversation = await getConversation(ctx.deps.db.orm, frame.conversationId);
      if (conversation?.kind === "channel") {
        await joinChannel(ctx.deps, ctx.conn.user, frame.conversationId);
      } else {
        await requireMembership(ctx.deps.db.orm, frame.conversationId, ctx.conn.user.id);
      }
      ctx.conn.subscribe(frame.conversationId);
    },
    async leave_room(ctx, frame) {
      const conversation = await getConversation(ctx.deps.db.orm, frame.conversationId);
      if (conversation?.kind !== "channel") {
        await requireMembership(ctx.deps.db.orm, frame.conversationId, ctx.conn.user.id);
        throw new FrameError("forbidden", "Only channels can be left.");
      }
      await leaveChannel(ctx.deps, ctx.conn.user, frame.conversationId);
      ctx.conn.unsubscribe(frame.conversationId);
    },
    async sync(ctx, frame) {
      await replayMissed(ctx, frame.cursors);
    },
  };

  return {
    handlers,
    onDisconnect(conn) {
      typing.stopConnection(conn.id);
    },
    close() {
      typing.close();
    },
  };
}

/**
 * For each conversation the user is a member of, the messages after its cursor, in seq order,
 * up to the sync page size; past it, `sync_truncated` says how far this went and the client
 * pages the rest over REST. Conversations the user is not in are skipped without a word, so a
 * guessed id reveals nothing.
 */
async function replayMissed(ctx: FrameContext, cursors: Record<string, number>) {
  const { conn, deps } = ctx;
  const pageSize = deps.gateway.settings.syncPageSize;
  for (const [conversationId, cursor] of Object.entries(cursors)) {
    const found = await findMembership(deps.db.orm, conversationId, conn.user.id);
    if (!found || found.conversation.lastSeq <= cursor) continue;
    const missed = await listMessagesAfter(deps.db.orm, conversationId, cursor, pageSize);
    for (const [i, message] of missed.entries()) {
      if (i % 50 === 49) await conn.whenDrained?.();
      conn.send({ type: "new_message", message });
    }
    const through = missed.at(-1)?.seq ?? cursor;
    if (through < found.conversation.lastSeq) {
      conn.send({
        type: "sync_truncated",
        conversationId,
        deliveredThroughSeq: through,
        lastSeq: found.conversation.lastSeq,
      });
    }
  }
  conn.send({ type: "sync_done" });
}

/** A refused send names its clientMsgId, and a rate limit carries retryAfter. */
function withRetryAfter(err: unknown, clientMsgId: string): unknown {
  if (err instanceof HttpError && err.slug === "rate-limited") {
    return new FrameError("rate_limited", err.message, {
      retryAfter: err.extra.retryAfter,
      ref: clientMsgId,
    });
  }
  return err;
}
