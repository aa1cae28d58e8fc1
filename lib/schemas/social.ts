/**
 * Schemas of the social side of the marketplace — notifications, reviews, private notes,
 * portfolios, certifications and public profiles — shared by the API (validation + OpenAPI)
 * and the HTML forms, so both accept exactly the same values.
 */
import { z } from "zod";
import { Money, PublicUser } from "./auth.ts";

// ---------------------------------------------------------------------------------------------
// Cursors: opaque to clients; inside, the sort key (a time in ms) and the row id as tiebreak.

export interface Cursor {
  t: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return btoa(`${c.t}:${c.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const m = raw.match(/^(\d{1,15}):([\w-]{1,64})$/);
    return m ? { t: Number(m[1]), id: m[2] } : null;
  } catch {
    return null;
  }
}

export const CursorParam = z.string().max(200).transform((text, ctx) => {
  const cursor = decodeCursor(text);
  if (!cursor) {
    ctx.addIssue({ code: "custom", message: "Use the nextCursor of a previous page." });
    return z.NEVER;
  }
  return cursor;
}).describe("nextCursor from the previous page");

/** A page size from a query string: 1–100. */
export const Limit = (fallback: number) =>
  z.coerce.number().int().min(1).max(100).default(fallback)
    .describe(`Items per page, 1–100 (default ${fallback})`);

const QueryBool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** An id in a path or a list: UUIDs in practice; bounded so junk cannot reach a query. */
export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

/** An http(s) address; anything else (javascript:, data:, ftp:) is refused. */
export const HttpUrl = z.string().trim().max(500, {
  message: "Keep the address under 500 characters.",
})
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, { message: "Enter a full web address starting with http:// or https://." });

// ---------------------------------------------------------------------------------------------
// Notifications

export const NotificationsQuery = z.strictObject({
  limit: Limit(20),
  cursor: CursorParam.optional(),
  unreadOnly: QueryBool.optional().describe("true: only unread notifications"),
});

export const MarkReadBody = z.strictObject({
  ids: z.array(Id).max(100, { message: "Mark at most 100 at a time." }).optional()
    .describe("Omit to mark all of yours read. Ids that are not yours are ignored."),
}).meta({ id: "MarkReadBody" });

export const NotificationItem = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string().describe("ISO 8601"),
}).meta({ id: "Notification" });

export const NotificationPage = z.object({
  items: z.array(NotificationItem),
  nextCursor: z.string().nullable(),
  unreadCount: z.int(),
}).meta({ id: "NotificationPage" });

export const MarkReadResult = z.object({
  marked: z.int().describe("How many of yours changed from unread to read"),
  unreadCount: z.int(),
}).meta({ id: "MarkReadResult" });

// ---------------------------------------------------------------------------------------------
// Reviews and private notes

export const REVIEW_BODY_MIN = 10;
export const REVIEW_BODY_MAX = 5000;
export const NOTE_MAX = 2000;

export const ReviewBody = z.strictObject({
  rating: z.int({ message: "Rate from 1 to 5 stars." }).min(1, {
    message: "Rate from 1 to 5 stars.",
  })
    .max(5, { message: "Rate from 1 to 5 stars." }),
  body: z.string().trim()
    .min(REVIEW_BODY_MIN, { message: `Write at least ${REVIEW_BODY_MIN} characters.` })
    .max(REVIEW_BODY_MAX, { message: `Keep the review under ${REVIEW_BODY_MAX} characters.` }),
}).meta({ id: "ReviewBody" });
export type ReviewInput = z.output<typeof ReviewBody>;

export const ReviewView = z.object({
  id: z.string(),
  contractId: z.string(),
  contractTitle: z.string(),
  author: z.object({ id: z.string(), displayName: z.string(), role: z.enum(["client", "worker"]) }),
  rating: z.int(),
  body: z.string(),
  createdAt: z.string(),
}).meta({ id: "Review" });

export const ReviewPage = z.object({
  items: z.array(ReviewView),
  nextCursor: z.string().nullable(),
}).meta({ id: "ReviewPage" });

export const ReviewsQuery = z.strictObject({ limit: Limit(20), cursor: CursorParam.optional() });

export const CreatedReview = z.object({
  id: z.string(),
  rating: z.int(),
  body: z.string(),
  createdAt: z.string(),
  visible: z.boolean().describe("False until the other side reviews too, or 14 days pass"),
  visibleFrom: z.string().nullable().describe("When it becomes visible at the latest"),
}).meta({ id: "CreatedReview" });

export const NoteBody = z.strictObject({
  note: z.string().trim().min(1, { message: "Write a note, or delete it instead." })
    .max(NOTE_MAX, { message: `Keep the note under ${NOTE_MAX} characters.` }),
}).meta({ id: "NoteBody" });

export const NoteView = z.object({
  workerId: z.string(),
  note: z.string(),
  updatedAt: z.string(),
}).meta({ id: "PrivateNote" });

// ---------------------------------------------------------------------------------------------
// Portfolio and certifications

export const PORTFOLIO_MAX_ITEMS = 50;
export const PORTFOLIO_MAX_IMAGES = 8;
export const CERTIFICATIONS_MAX = 30;

const Title = z.string().trim().min(1, { message: "Give it a title." })
  .max(120, { message: "Keep the title under 120 characters." });
const Description = z.string().trim()
  .max(5000, { message: "Keep the description under 5,000 characters." });
const UploadIds = z.array(Id).max(PORTFOLIO_MAX_IMAGES, {
  message: `Attach at most ${PORTFOLIO_MAX_IMAGES} images.`,
}).refine((ids) => new Set(ids).size === ids.length, { message: "An image is listed twice." });

export const PortfolioItemBody = z.strictObject({
  title: Title,
  description: Description.default(""),
  link: HttpUrl.nullable().optional(),
  uploadIds: UploadIds.default([]).describe("Image uploads (POST /api/v1/uploads) to show"),
}).meta({ id: "PortfolioItemBody" });
export type PortfolioItemInput = z.output<typeof PortfolioItemBody>;

export const PortfolioItemPatch = z.strictObject({
  title: Title.optional(),
  description: Description.optional(),
  link: HttpUrl.nullable().optional(),
  uploadIds: UploadIds.optional().describe("Replaces the item's images"),
}).meta({ id: "PortfolioItemPatch" });
export type PortfolioItemPatchInput = z.output<typeof PortfolioItemPatch>;

export const PortfolioImage = z.object({
  uploadId: z.string(),
  url: z.string(),
  fileName: z.string(),
});

export const PortfolioItemView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  link: z.string().nullable(),
  images: z.array(PortfolioImage),
  createdAt: z.string(),
}).meta({ id: "PortfolioItem" });

const thisYear = () => new Date().getUTCFullYear();

export const CertificationBody = z.strictObject({
  name: z.string().trim().min(1, { message: "Name the certification." })
    .max(120, { message: "Keep the name under 120 characters." }),
  issuer: z.string().trim().min(1, { message: "Say who issued it." })
    .max(120, { message: "Keep the issuer under 120 characters." }),
  year: z.int({ message: "Enter a year such as 2021." }).min(1950, {
    message: "Enter a year from 1950 on.",
  }).refine((y) => y <= thisYear(), { message: "The year cannot be in the future." }).nullable()
    .optional(),
  url: HttpUrl.nullable().optional(),
}).meta({ id: "CertificationBody" });
export type CertificationInput = z.output<typeof CertificationBody>;

export const CertificationView = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  year: z.int().nullable(),
  url: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "Certification" });

// ---------------------------------------------------------------------------------------------
// Reputation and the public profile

const Duration = z.object({
  ms: z.int(),
  samples: z.int().describe("How many events the median is taken over"),
}).nullable();

export const WorkerReputation = z.object({
  averageRating: z.number().nullable().describe("Mean of visible reviews, 1–5"),
  reviewCount: z.int(),
  completedContracts: z.int(),
  distinctClients: z.int(),
  jobSuccess: z.number().nullable().describe("0–1; null when no contract has ended"),
  responseTime: Duration.describe("Median time from hire to the worker's first delivery"),
  score: z.int().nullable().describe("0–100; null until enough history"),
  scoreStatus: z.enum(["scored", "new"]),
}).meta({ id: "WorkerReputation" });

export const ClientReputation = z.object({
  averageRating: z.number().nullable(),
  reviewCount: z.int(),
  jobsPosted: z.int(),
  jobsHired: z.int(),
  hireRate: z.number().nullable().describe("0–1; jobs with a contract ÷ jobs published"),
  totalPaid: z.array(Money).describe("Released through WorkMate plus paid directly, per currency"),
  paymentReliability: z.number().nullable().describe("0–1; on-time milestones ÷ due milestones"),
  milestonesDue: z.int(),
  responseTime: Duration.describe("Median time from a proposal arriving to the first answer"),
}).meta({ id: "ClientReputation" });

export const WorkHistoryItem = z.object({
  contractId: z.string(),
  title: z.string(),
  client: z.object({ id: z.string(), displayName: z.string() }),
  startedAt: z.string(),
  completedAt: z.string(),
  released: Money,
}).meta({ id: "WorkHistoryItem" });

export const PublicProfile = z.object({
  user: PublicUser,
  verified: z.boolean().describe("Email confirmed and checked by an admin"),
  worker: z.object({
    reputation: WorkerReputation,
    portfolio: z.array(PortfolioItemView),
    certifications: z.array(CertificationView),
    workHistory: z.array(WorkHistoryItem),
  }).nullable(),
  client: z.object({ reputation: ClientReputation }).nullable(),
}).meta({ id: "PublicProfile" });

export const VerifyResult = z.object({
  userId: z.string(),
  adminVerifiedAt: z.string().nullable(),
  verified: z.boolean(),
}).meta({ id: "VerifyResult" });
