/**
 * The zod schemas of the client → server WebSocket frames (strict: unknown fields are
 * refused). The rest of the protocol (limits, codes, server frames) is in lib/chat_protocol.ts.
 */
import { z } from "zod";
import { CHAT_LIMITS } from "../chat_protocol.ts";

const Id = z.string().min(1).max(64);
const Seq = z.int().min(0);
export const Emoji = z.string().min(1).max(32).regex(
  /^[\p{Extended_Pictographic}\p{Emoji_Component}\u200d\ufe0f]+$/u,
  {
    message: "Use an emoji.",
  },
);

export const ClientFrame = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("authenticate"), token: z.string().min(1).max(4096) }),
  z.strictObject({
    type: z.literal("send_message"),
    conversationId: Id,
    clientMsgId: z.string().min(1).max(64),
    content: z.string().max(CHAT_LIMITS.maxContent),
    attachments: z.array(Id).max(CHAT_LIMITS.maxAttachments).optional(),
    replyTo: Id.optional(),
  }),
  z.strictObject({
    type: z.literal("edit_message"),
    messageId: Id,
    content: z.string().min(1).max(CHAT_LIMITS.maxContent),
  }),
  z.strictObject({ type: z.literal("delete_message"), messageId: Id }),
  z.strictObject({
    type: z.literal("react"),
    messageId: Id,
    emoji: Emoji,
    remove: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("typing_start"), conversationId: Id }),
  z.strictObject({ type: z.literal("typing_stop"), conversationId: Id }),
  z.strictObject({ type: z.literal("mark_as_read"), conversationId: Id, seq: Seq }),
  z.strictObject({ type: z.literal("join_room"), conversationId: Id }),
  z.strictObject({ type: z.literal("leave_room"), conversationId: Id }),
  z.strictObject({
    type: z.literal("sync"),
    cursors: z.record(Id, Seq).refine((c) => Object.keys(c).length <= 1000, {
      message: "At most 1000 conversations per sync.",
    }),
  }),
  z.strictObject({ type: z.literal("ping"), t: z.number().optional() }),
  z.strictObject({ type: z.literal("pong"), t: z.number().optional() }),
  z.strictObject({
    type: z.literal("call:initiate"),
    conversationId: Id,
    media: z.enum(["audio", "video"]),
  }),
  z.strictObject({ type: z.literal("call:accept"), callId: Id }),
  z.strictObject({
    type: z.literal("call:reject"),
    callId: Id,
    reason: z.string().max(200).optional(),
  }),
  z.strictObject({ type: z.literal("call:end"), callId: Id }),
  z.strictObject({
    type: z.literal("signal"),
    callId: Id,
    to: Id,
    signalType: z.enum(["offer", "answer", "ice"]),
    /** An RTCSessionDescriptionInit or RTCIceCandidateInit, relayed as is (size-limited). */
    signal: z.record(z.string(), z.unknown()),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameType = ClientFrame["type"];
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;
