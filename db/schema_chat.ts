/** Conversations, members, messages, reactions, workspaces and calls (migration 0003). */
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  unique,
} from "drizzle-orm/sqlite-core";
import { users } from "./schema.ts";
import { jobs, uploads } from "./schema_marketplace.ts";
import { contracts } from "./schema_contracts.ts";

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  joinCode: text("join_code").notNull().unique(),
  ownerId: text("owner_id").notNull().references(() => users.id),
  createdAt: integer("created_at").notNull(),
});

export const WORKSPACE_ROLES = ["owner", "admin", "member"] as const;

export const workspaceMembers = sqliteTable("workspace_members", {
  workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
  userId: text("user_id").notNull().references(() => users.id),
  role: text("role", { enum: WORKSPACE_ROLES }).notNull(),
  joinedAt: integer("joined_at").notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.userId] }),
  index("workspace_members_user_idx").on(t.userId),
]);

export const CONVERSATION_KINDS = ["dm", "job", "channel"] as const;

export const conversations = sqliteTable("conversations", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: CONVERSATION_KINDS }).notNull(),
  /** DMs: the sorted user pair; job threads: job:<jobId>:<a>:<b>. One conversation per key. */
  dmKey: text("dm_key").unique(),
  jobId: text("job_id").references(() => jobs.id),
  contractId: text("contract_id").references(() => contracts.id),
  workspaceId: text("workspace_id").references(() => workspaces.id),
  name: text("name"),
  isPrivate: integer("is_private", { mode: "boolean" }).notNull().default(false),
  /** The seq of the newest message: the next message gets last_seq + 1. */
  lastSeq: integer("last_seq").notNull().default(0),
  lastMessageAt: integer("last_message_at"),
  createdBy: text("created_by").notNull().references(() => users.id),
  createdAt: integer("created_at").notNull(),
}, (t) => [index("conversations_workspace_idx").on(t.workspaceId)]);

export const conversationMembers = sqliteTable("conversation_members", {
  conversationId: text("conversation_id").notNull().references(() => conversations.id),
  userId: text("user_id").notNull().references(() => users.id),
  joinedAt: integer("joined_at").notNull(),
  lastReadSeq: integer("last_read_seq").notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.conversationId, t.userId] }),
  index("conversation_members_user_idx").on(t.userId),
]);

export const MESSAGE_KINDS = ["text", "call", "system"] as const;

export const messages = sqliteTable("messages", {
  id: text("id").primaryKey(),
  conversationId: text("conversation_id").notNull().references(() => conversations.id),
  seq: integer("seq").notNull(),
  senderId: text("sender_id").notNull().references(() => users.id),
  clientMsgId: text("client_msg_id").notNull(),
  kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
  content: text("content").notNull(),
  replyToId: text("reply_to_id").references((): AnySQLiteColumn => messages.id),
  editedAt: integer("edited_at"),
  deletedAt: integer("deleted_at"),
  createdAt: integer("created_at").notNull(),
}, (t) => [unique().on(t.conversationId, t.seq), unique().on(t.senderId, t.clientMsgId)]);

export const messageAttachments = sqliteTable("message_attachments", {
  messageId: text("message_id").notNull().references(() => messages.id),
  uploadId: text("upload_id").notNull().references(() => uploads.id),
}, (t) => [
  primaryKey({ columns: [t.messageId, t.uploadId] }),
  index("message_attachments_upload_idx").on(t.uploadId),
]);

export const messageReactions = sqliteTable("message_reactions", {
  messageId: text("message_id").notNull().references(() => messages.id),
  userId: text("user_id").notNull().references(() => users.id),
  emoji: text("emoji").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })]);

export const CALL_STATUSES = [
  "ringing",
  "active",
  "ended",
  "missed",
  "rejected",
  "failed",
] as const;

export const calls = sqliteTable("calls", {
  id: text("id").primaryKey(),
  conversationId: text("conversation_id").notNull().references(() => conversations.id),
  callerId: text("caller_id").notNull().references(() => users.id),
  calleeId: text("callee_id").notNull().references(() => users.id),
  media: text("media", { enum: ["audio", "video"] }).notNull(),
  status: text("status", { enum: CALL_STATUSES }).notNull(),
  endReason: text("end_reason"),
  createdAt: integer("created_at").notNull(),
  answeredAt: integer("answered_at"),
  endedAt: integer("ended_at"),
}, (t) => [
  index("calls_conversation_idx").on(t.conversationId, t.createdAt),
  index("calls_live_idx").on(t.status),
]);

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Call = typeof calls.$inferSelect;
export type Workspace = typeof workspaces.$inferSelect;
