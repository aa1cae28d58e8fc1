/**
 * The drizzle schema of accounts and system tables: the typed view of what db/migrations
 * creates. Marketplace tables are in schema_marketplace.ts, contracts and money in
 * schema_contracts.ts, reputation and notifications in schema_social.ts. A test
 * (db/schema_test.ts) checks every table of these files against the migrated database.
 */
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    emailVerifiedAt: integer("email_verified_at"),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: ["client", "worker"] }).notNull(),
    isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["active", "banned", "deleted"] }).notNull().default("active"),
    headline: text("headline").notNull().default(""),
    bio: text("bio").notNull().default(""),
    skills: text("skills", { mode: "json" }).$type<string[]>().notNull().default([]),
    hourlyRateMinor: integer("hourly_rate_minor"),
    hourlyRateCurrency: text("hourly_rate_currency"),
    locationName: text("location_name"),
    lat: real("lat"),
    lng: real("lng"),
    timezone: text("timezone"),
    availability: text("availability", { enum: ["available", "busy", "unavailable"] }).notNull()
      .default("available"),
    adminVerifiedAt: integer("admin_verified_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (
    t,
  ) => [index("users_role_idx").on(t.role, t.status), index("users_lat_lng_idx").on(t.lat, t.lng)],
);

export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
  lastUsedAt: integer("last_used_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  revokedAt: integer("revoked_at"),
  revokedReason: text("revoked_reason"),
  userAgent: text("user_agent"),
  ip: text("ip"),
});

export const refreshTokens = sqliteTable("refresh_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  sessionId: text("session_id").notNull().references(() => sessions.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

export const emailTokens = sqliteTable("email_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  purpose: text("purpose", { enum: ["verify_email", "reset_password"] }).notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

export const backgroundJobs = sqliteTable("background_jobs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind").notNull(),
  payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
  status: text("status", { enum: ["pending", "running", "done", "failed"] }).notNull().default(
    "pending",
  ),
  attempts: integer("attempts").notNull().default(0),
  maxAttempts: integer("max_attempts").notNull().default(3),
  runAt: integer("run_at").notNull(),
  lockedUntil: integer("locked_until"),
  lockedBy: text("locked_by"),
  lastError: text("last_error"),
  createdAt: integer("created_at").notNull(),
  finishedAt: integer("finished_at"),
});

export const mailOutbox = sqliteTable("mail_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  toAddress: text("to_address").notNull(),
  subject: text("subject").notNull(),
  textBody: text("text_body").notNull(),
  htmlBody: text("html_body"),
  createdAt: integer("created_at").notNull(),
});

/** Who runs a scheduled tick (server/jobs/lease.ts), when there is no Redis to hold it. */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export type User = typeof users.$inferSelect;
/**
 * Who acts in chat and calls: all a socket keeps of its user (an idle connection holds it for
 * hours, so not the password hash, email and profile).
 */
export type Actor = Pick<User, "id" | "displayName" | "role">;
export type Session = typeof sessions.$inferSelect;
export type BackgroundJob = typeof backgroundJobs.$inferSelect;
export type MailRow = typeof mailOutbox.$inferSelect;
