/**
 * Schemas of the chat REST API (conversations, messages, workspaces, channels): request bodies
 * and queries, validated by the routes, and the response shapes, which the OpenAPI document
 * describes and the browser client codes against. Messages have the same shape here as in
 * WebSocket frames (`MessageView` in lib/chat_protocol.ts).
 */
import { z } from "zod";
import { CHAT_LIMITS, type MessageView } from "../chat_protocol.ts";

export const ChatId = z.string().min(1).max(64);
export const ChatIdParams = z.strictObject({ id: ChatId });

// ---------------------------------------------------------------------------------------------
// Views

export const ChatAttachment = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  kind: z.enum(["image", "document"]),
  url: z.string().describe("/files/<id>: readable by the conversation's members only"),
}).meta({ id: "ChatAttachment" });

export const ChatMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int().describe("Position in the conversation: 1, 2, 3, … without gaps"),
  senderId: z.string(),
  kind: z.enum(["text", "call", "system"]),
  content: z.string().describe("Plain text, never HTML. Empty when deleted."),
  replyTo: z.object({
    id: z.string(),
    senderId: z.string(),
    excerpt: z.string().describe("The start of the quoted message; empty if it was deleted"),
  }).nullable(),
  attachments: z.array(ChatAttachment),
  reactions: z.array(
    z.object({ emoji: z.string(), count: z.number().int(), userIds: z.array(z.string()) }),
  ),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "ChatMessage" });

// The REST view and the frame view are one shape: this fails to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameMessageShape: Same<z.infer<typeof ChatMessage>, MessageView> = true;
void _sameMessageShape;

export const ChatMember = z.object({
  id: z.string().describe("The user's id"),
  displayName: z.string(),
  role: z.enum(["client", "worker"]),
  online: z.boolean(),
  lastSeen: z.string().nullable().describe("When they were last connected (null: unknown)"),
  lastReadSeq: z.number().int().describe("Read receipts: they have read up to this seq"),
  workspaceRole: z.enum(["owner", "admin", "member"]).nullable()
    .describe("Their role in the channel's workspace; null outside workspaces"),
}).meta({ id: "ChatMember" });
export type ChatMemberView = z.infer<typeof ChatMember>;

export const JobCard = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  budgetType: z.enum(["fixed", "hourly"]),
  budgetMinMinor: z.number().int(),
  budgetMaxMinor: z.number().int(),
  currency: z.string(),
  contract: z.object({ id: z.string(), status: z.string() }).nullable()
    .describe("The contract on this job between the two members, once there is one"),
}).meta({ id: "JobCard" });
export type JobCardView = z.infer<typeof JobCard>;

export const ConversationSummary = z.object({
  id: z.string(),
  kind: z.enum(["dm", "job", "channel"]),
  title: z.string().describe("The other member's name (DM), the job title, or #channel"),
  name: z.string().nullable().describe("Channel name without '#'"),
  isPrivate: z.boolean(),
  workspaceId: z.string().nullable(),
  job: JobCard.nullable(),
  members: z.array(ChatMember).describe(
    "DMs and job threads: both members (you included). Channels: empty — see " +
      "GET /api/v1/channels/:id/members.",
  ),
  memberCount: z.number().int(),
  lastSeq: z.number().int(),
  lastReadSeq: z.number().int(),
  unread: z.number().int(),
  lastMessage: ChatMessage.nullable(),
  lastMessageAt: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "ConversationSummary" });
export type ConversationSummaryView = z.infer<typeof ConversationSummary>;

export const ConversationList = z.object({ items: z.array(ConversationSummary) });

export const MessagePage = z.object({
  conversationId: z.string(),
  lastSeq: z.number().int(),
  items: z.array(ChatMessage).describe("Oldest first within the page"),
  hasMore: z.boolean().describe(
    "With `before` (or neither): older messages exist before this page. With `after`: newer " +
      "ones exist after it.",
  ),
});

export const Ack = z.object({
  clientMsgId: z.string(),
  id: z.string(),
  seq: z.number().int(),
  conversationId: z.string(),
});

export const SendResult = z.object({
  ack: Ack,
  message: ChatMessage,
  duplicate: z.boolean().describe("True when this clientMsgId was already stored (a resend)"),
});

export const ReadResult = z.object({
  conversationId: z.string(),
  lastReadSeq: z.number().int(),
  unread: z.number().int(),
});

export const WorkspaceView = z.object({
  id: z.string(),
  name: z.string(),
  joinCode: z.string().describe("Share it: anyone with the code can join"),
  role: z.enum(["owner", "admin", "member"]).describe("Your role"),
  memberCount: z.number().int(),
  generalChannelId: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "Workspace" });
export type WorkspaceViewT = z.infer<typeof WorkspaceView>;

export const WorkspaceList = z.object({ items: z.array(WorkspaceView) });

export const ChannelView = z.object({
  id: z.string().describe("The channel's conversation id"),
  workspaceId: z.string(),
  name: z.string(),
  isPrivate: z.boolean(),
  memberCount: z.number().int(),
  isMember: z.boolean(),
  lastSeq: z.number().int(),
  unread: z.number().int().describe("0 when you are not a member"),
  createdAt: z.string(),
}).meta({ id: "Channel" });
export type ChannelViewT = z.infer<typeof ChannelView>;

export const ChannelList = z.object({ items: z.array(ChannelView) });
export const MemberList = z.object({ items: z.array(ChatMember) });

// ---------------------------------------------------------------------------------------------
// Requests

export const ConversationListQuery = z.strictObject({
  kind: z.enum(["dm", "job", "channel"]).optional(),
  workspaceId: ChatId.optional(),
});

export const CreateDmBody = z.strictObject({
  userId: ChatId.describe("The other person"),
  jobId: ChatId.optional().describe(
    "Makes it a job thread: allowed between the job's client and a worker with a proposal " +
      "or contract on it",
  ),
});

const SeqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const MessagePageQuery = z.strictObject({
  before: SeqParam.optional().describe("Messages with a smaller seq (the page before this)"),
  after: SeqParam.optional().describe("Messages with a larger seq (catching up after a sync)"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
}).refine((q) => q.before === undefined || q.after === undefined, {
  message: "Use before or after, not both.",
});

/** Message content: trimmed, 1–5,000 characters (empty only with attachments). */
export const MessageContent = z.string().max(CHAT_LIMITS.maxContent, {
  message: `Keep messages under ${CHAT_LIMITS.maxContent} characters.`,
});

export const SendMessageBody = z.strictObject({
  clientMsgId: z.string().min(1).max(64).describe(
    "Your id for this message: resending with the same id returns the same message",
  ),
  content: MessageContent,
  attachments: z.array(ChatId).max(CHAT_LIMITS.maxAttachments).optional(),
  replyTo: ChatId.optional(),
});

export const MarkConversationReadBody = z.strictObject({
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const WorkspaceName = z.string().trim().min(2, { message: "Name it (2–80 characters)." })
  .max(80, { message: "Keep the name under 80 characters." });

export const CreateWorkspaceBody = z.strictObject({ name: WorkspaceName });

export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JoinWorkspaceBody = z.strictObject({
  code: z.string().trim().toUpperCase().regex(/^[2-9A-HJKMNP-Z]{8}$/, {
    message: "A join code is 8 letters and digits.",
  }),
});

export const ChannelName = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, {
  message: "Channel names are 1–80 lowercase letters, digits, '-' or '_'.",
});

export const CreateChannelBody = z.strictObject({
  name: ChannelName,
  isPrivate: z.boolean().default(false),
});

export const InviteBody = z.strictObject({ userId: ChatId });
