/** Contracts, milestones, deliverables, the money ledger and disputes (migration 0002). */
import { index, integer, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";
import { CONTRACT_STATUSES, DISPUTE_STATUSES, MILESTONE_STATUSES } from "@/lib/lifecycles.ts";
import { users } from "./schema.ts";
import { jobs, proposals } from "./schema_marketplace.ts";

export const contracts = sqliteTable("contracts", {
  id: text("id").primaryKey(),
  jobId: text("job_id").notNull().unique().references(() => jobs.id),
  proposalId: text("proposal_id").notNull().unique().references(() => proposals.id),
  clientId: text("client_id").notNull().references(() => users.id),
  workerId: text("worker_id").notNull().references(() => users.id),
  title: text("title").notNull(),
  currency: text("currency").notNull(),
  status: text("status", { enum: CONTRACT_STATUSES }).notNull(),
  completedAt: integer("completed_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("contracts_client_idx").on(t.clientId, t.status),
  index("contracts_worker_idx").on(t.workerId, t.status),
]);

export const milestones = sqliteTable("milestones", {
  id: text("id").primaryKey(),
  contractId: text("contract_id").notNull().references(() => contracts.id),
  position: integer("position").notNull(),
  title: text("title").notNull(),
  amountMinor: integer("amount_minor").notNull(),
  currency: text("currency").notNull(),
  dueAt: integer("due_at"),
  paymentMode: text("payment_mode", { enum: ["escrow", "direct"] }).notNull(),
  provider: text("provider").notNull().default("manual"),
  status: text("status", { enum: MILESTONE_STATUSES }).notNull(),
  /** Bumped on every transition, so a timer set for one submission ignores a later one. */
  version: integer("version").notNull().default(0),
  fundedAt: integer("funded_at"),
  submittedAt: integer("submitted_at"),
  approvedAt: integer("approved_at"),
  paidAt: integer("paid_at"),
  releasedAt: integer("released_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [unique().on(t.contractId, t.position)]);

export const deliverables = sqliteTable("deliverables", {
  id: text("id").primaryKey(),
  milestoneId: text("milestone_id").notNull().references(() => milestones.id),
  note: text("note").notNull(),
  revisionNote: text("revision_note"),
  createdAt: integer("created_at").notNull(),
}, (t) => [index("deliverables_milestone_idx").on(t.milestoneId, t.createdAt)]);

export const ledgerEntries = sqliteTable("ledger_entries", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  txnId: text("txn_id").notNull(),
  milestoneId: text("milestone_id").references(() => milestones.id),
  account: text("account").notNull(),
  amountMinor: integer("amount_minor").notNull(),
  currency: text("currency").notNull(),
  memo: text("memo").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  index("ledger_txn_idx").on(t.txnId),
  index("ledger_account_idx").on(t.account, t.createdAt),
  index("ledger_milestone_idx").on(t.milestoneId),
]);

export const disputes = sqliteTable("disputes", {
  id: text("id").primaryKey(),
  contractId: text("contract_id").notNull().references(() => contracts.id),
  openedBy: text("opened_by").notNull().references(() => users.id),
  reason: text("reason").notNull(),
  response: text("response"),
  status: text("status", { enum: DISPUTE_STATUSES }).notNull(),
  respondBy: integer("respond_by").notNull(),
  resolution: text("resolution"),
  resolvedBy: text("resolved_by").references(() => users.id),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [index("disputes_contract_idx").on(t.contractId, t.status)]);

export type Contract = typeof contracts.$inferSelect;
export type Milestone = typeof milestones.$inferSelect;
export type Dispute = typeof disputes.$inferSelect;
