/** Jobs, uploads and their attachments, proposals and saved searches (migration 0002). */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { JOB_STATUSES, PROPOSAL_STATUSES } from "@/lib/lifecycles.ts";
import { users } from "./schema.ts";

export const uploads = sqliteTable("uploads", {
  id: text("id").primaryKey(),
  ownerId: text("owner_id").notNull().references(() => users.id),
  kind: text("kind", { enum: ["image", "document"] }).notNull(),
  mime: text("mime").notNull(),
  fileName: text("file_name").notNull(),
  size: integer("size").notNull(),
  storageKey: text("storage_key").notNull().unique(),
  createdAt: integer("created_at").notNull(),
}, (t) => [index("uploads_owner_idx").on(t.ownerId, t.createdAt)]);

export const ATTACHMENT_SUBJECTS = ["job", "proposal", "deliverable", "portfolio"] as const;
export type AttachmentSubject = typeof ATTACHMENT_SUBJECTS[number];

export const attachments = sqliteTable("attachments", {
  uploadId: text("upload_id").notNull().references(() => uploads.id),
  subjectType: text("subject_type", { enum: ATTACHMENT_SUBJECTS }).notNull(),
  subjectId: text("subject_id").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  primaryKey({ columns: [t.uploadId, t.subjectType, t.subjectId] }),
  index("attachments_subject_idx").on(t.subjectType, t.subjectId),
]);

export const jobs = sqliteTable("jobs", {
  id: text("id").primaryKey(),
  clientId: text("client_id").notNull().references(() => users.id),
  title: text("title").notNull(),
  description: text("description").notNull(),
  category: text("category").notNull(),
  skills: text("skills", { mode: "json" }).$type<string[]>().notNull().default([]),
  budgetType: text("budget_type", { enum: ["fixed", "hourly"] }).notNull(),
  budgetMinMinor: integer("budget_min_minor").notNull(),
  budgetMaxMinor: integer("budget_max_minor").notNull(),
  currency: text("currency").notNull(),
  deadlineAt: integer("deadline_at"),
  isRemote: integer("is_remote", { mode: "boolean" }).notNull(),
  locationName: text("location_name"),
  lat: real("lat"),
  lng: real("lng"),
  radiusKm: real("radius_km"),
  priorityTags: text("priority_tags", { mode: "json" }).$type<string[]>().notNull().default([]),
  status: text("status", { enum: JOB_STATUSES }).notNull(),
  publishedAt: integer("published_at"),
  deletedAt: integer("deleted_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("jobs_open_idx").on(t.status, t.publishedAt),
  index("jobs_client_idx").on(t.clientId, t.status),
  index("jobs_lat_lng_idx").on(t.lat, t.lng),
  index("jobs_category_idx").on(t.category, t.status),
]);

export const proposals = sqliteTable("proposals", {
  id: text("id").primaryKey(),
  jobId: text("job_id").notNull().references(() => jobs.id),
  workerId: text("worker_id").notNull().references(() => users.id),
  kind: text("kind", { enum: ["instant", "quote"] }).notNull(),
  amountMinor: integer("amount_minor").notNull(),
  currency: text("currency").notNull(),
  durationDays: integer("duration_days"),
  coverLetter: text("cover_letter").notNull().default(""),
  status: text("status", { enum: PROPOSAL_STATUSES }).notNull(),
  /** When the client first acted on it (shortlist, reject, accept): for response time. */
  firstResponseAt: integer("first_response_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("proposals_job_idx").on(t.jobId, t.status),
  index("proposals_worker_idx").on(t.workerId, t.status),
]);

export const savedSearches = sqliteTable("saved_searches", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id),
  name: text("name").notNull(),
  query: text("query", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [index("saved_searches_user_idx").on(t.userId)]);

export type Job = typeof jobs.$inferSelect;
export type Proposal = typeof proposals.$inferSelect;
export type Upload = typeof uploads.$inferSelect;
export type SavedSearch = typeof savedSearches.$inferSelect;
