/** Reviews, private client notes, portfolios, certifications and notifications (migration 0002). */
import { index, integer, primaryKey, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";
import { users } from "./schema.ts";
import { contracts } from "./schema_contracts.ts";

export const reviews = sqliteTable("reviews", {
  id: text("id").primaryKey(),
  contractId: text("contract_id").notNull().references(() => contracts.id),
  authorId: text("author_id").notNull().references(() => users.id),
  subjectId: text("subject_id").notNull().references(() => users.id),
  rating: integer("rating").notNull(),
  body: text("body").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  unique().on(t.contractId, t.authorId),
  index("reviews_subject_idx").on(t.subjectId, t.createdAt),
]);

export const clientNotes = sqliteTable("client_notes", {
  clientId: text("client_id").notNull().references(() => users.id),
  workerId: text("worker_id").notNull().references(() => users.id),
  note: text("note").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [primaryKey({ columns: [t.clientId, t.workerId] })]);

export const portfolioItems = sqliteTable("portfolio_items", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  link: text("link"),
  createdAt: integer("created_at").notNull(),
}, (t) => [index("portfolio_user_idx").on(t.userId, t.createdAt)]);

export const certifications = sqliteTable("certifications", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id),
  name: text("name").notNull(),
  issuer: text("issuer").notNull(),
  year: integer("year"),
  url: text("url"),
  createdAt: integer("created_at").notNull(),
}, (t) => [index("certifications_user_idx").on(t.userId)]);

export const notifications = sqliteTable("notifications", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id),
  type: text("type").notNull(),
  title: text("title").notNull(),
  body: text("body").notNull().default(""),
  link: text("link"),
  data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  readAt: integer("read_at"),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  index("notifications_user_idx").on(t.userId, t.createdAt),
  index("notifications_unread_idx").on(t.userId, t.readAt),
]);

export type Review = typeof reviews.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
