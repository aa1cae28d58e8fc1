/**
 * Reviews: after a contract completes, each side rates the other once. A review stays hidden
 * (from everyone but its author) until both are in or the reveal period has passed
 * (visibility.ts); the subject is told one arrived, but not what it says, until then.
 */
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Database, Reader, Tx } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { type Contract, contracts } from "@/db/schema_contracts.ts";
import { type Notification, type Review, reviews } from "@/db/schema_social.ts";
import { type Cursor, encodeCursor, type ReviewInput } from "@/lib/schemas/social.ts";
import type { Bus } from "@/server/bus/bus.ts";
import type { Clock } from "@/server/clock.ts";
import { HttpError, notFound } from "@/server/errors.ts";
import { notify, publishNotifications } from "@/server/notify/notifications.ts";
import { isReviewVisible, reviewRevealAt } from "@/server/reputation/formulas.ts";
import { visibleReviewCondition } from "./visibility.ts";

export interface ReviewDeps {
  db: Database;
  bus: Bus;
  clock: Clock;
}

export interface ReviewListItem {
  id: string;
  contractId: string;
  contractTitle: string;
  author: { id: string; displayName: string; role: "client" | "worker" };
  rating: number;
  body: string;
  createdAt: number;
}

/** The contract if `userId` is one of its two parties, else a 404 that reveals nothing. */
async function getContractForParty(db: Reader, contractId: string, userId: string) {
  const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId)).limit(1);
  if (!c || (c.clientId !== userId && c.workerId !== userId)) throw notFound("This contract");
  return c;
}

async function countReviews(db: Reader, contractId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(reviews)
    .where(eq(reviews.contractId, contractId));
  return Number(row?.n ?? 0);
}

/**
 * Leaves `authorId`'s review of the other party of a completed contract. 404 for anyone else,
 * 409 before completion and on a second review. Notifies the subject (after commit).
 */
export async function createReview(
  deps: ReviewDeps,
  authorId: string,
  contractId: string,
  input: ReviewInput,
): Promise<{ review: Review; visible: boolean; visibleFrom: number | null }> {
  const now = deps.clock.now();
  const { review, visible, contract, notes } = await deps.db.write(async (tx) => {
    const contract = await getContractForParty(tx, contractId, authorId);
    if (contract.status !== "completed") {
      throw new HttpError(
        "conflict",
        "You can review once the contract is completed (every milestone released).",
      );
    }
    const [mine] = await tx.select({ id: reviews.id }).from(reviews)
      .where(and(eq(reviews.contractId, contractId), eq(reviews.authorId, authorId))).limit(1);
    if (mine) throw new HttpError("conflict", "You have already reviewed this contract.");
    const subjectId = contract.clientId === authorId ? contract.workerId : contract.clientId;
    const [review] = await tx.insert(reviews).values({
      id: crypto.randomUUID(),
      contractId,
      authorId,
      subjectId,
      rating: input.rating,
      body: input.body,
      createdAt: now,
    }).returning();
    const visible = isReviewVisible({
      reviewsOnContract: await countReviews(tx, contractId),
      completedAt: contract.completedAt,
    }, now);
    const notes = [await notifyReceived(tx, contract, authorId, subjectId, visible, now)];
    return { review, visible, contract, notes };
  });
  await publishNotifications(deps.bus, notes);
  return {
    review,
    visible,
    visibleFrom: contract.completedAt === null ? null : reviewRevealAt(contract.completedAt),
  };
}

async function notifyReceived(
  tx: Tx,
  contract: Contract,
  authorId: string,
  subjectId: string,
  visible: boolean,
  now: number,
): Promise<Notification> {
  const [author] = await tx.select({ name: users.displayName }).from(users)
    .where(eq(users.id, authorId)).limit(1);
  const revealAt = contract.completedAt === null ? null : reviewRevealAt(contract.completedAt);
  const when = revealAt === null ? "" : ` or on ${new Date(revealAt).toISOString().slice(0, 10)}`;
  return await notify(tx, {
    userId: subjectId,
    type: "review.received",
    title: `${author?.name ?? "The other side"} reviewed you for “${contract.title}”`,
    // The rating and text stay out of the notification until the review is visible.
    body: visible
      ? "Both reviews are in, so both are now visible on your profiles."
      : `You will see it when you leave your review${when}, whichever comes first.`,
    link: visible ? `/users/${subjectId}#reviews` : `/reviews/${contract.id}`,
    data: { contractId: contract.id },
  }, now);
}

/** Visible reviews about `subjectId`, newest first, a page at a time. */
export async function listReviewsOfUser(
  db: Reader,
  subjectId: string,
  opts: { limit: number; cursor?: Cursor },
  now: number,
): Promise<{ items: ReviewListItem[]; nextCursor: string | null }> {
  const rows = await db.select({
    id: reviews.id,
    contractId: reviews.contractId,
    contractTitle: contracts.title,
    authorId: reviews.authorId,
    authorName: users.displayName,
    authorRole: users.role,
    rating: reviews.rating,
    body: reviews.body,
    createdAt: reviews.createdAt,
  }).from(reviews)
    .innerJoin(contracts, eq(contracts.id, reviews.contractId))
    .innerJoin(users, eq(users.id, reviews.authorId))
    .where(and(
      eq(reviews.subjectId, subjectId),
      visibleReviewCondition(now),
      opts.cursor
        ? or(
          lt(reviews.createdAt, opts.cursor.t),
          and(eq(reviews.createdAt, opts.cursor.t), lt(reviews.id, opts.cursor.id)),
        )
        : undefined,
    ))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      contractId: r.contractId,
      contractTitle: r.contractTitle,
      author: { id: r.authorId, displayName: r.authorName, role: r.authorRole },
      rating: r.rating,
      body: r.body,
      createdAt: r.createdAt,
    })),
    nextCursor: rows.length > opts.limit && last
      ? encodeCursor({ t: last.createdAt, id: last.id })
      : null,
  };
}

export interface ContractReviewState {
  /** The viewer may leave a review now. */
  canReview: boolean;
  /** The viewer's own review (always visible to its author). */
  mine: Review | null;
  /** The other side's review, only once it is visible. */
  theirs: Review | null;
  /** The other side has reviewed (without revealing what they wrote). */
  theirsSubmitted: boolean;
  /** When both become visible at the latest (null before completion). */
  revealAt: number | null;
}

/** What a contract page shows about reviews to one of the parties. 404 for anyone else. */
export async function getContractReviewState(
  db: Reader,
  contractId: string,
  viewerId: string,
  now: number,
): Promise<ContractReviewState> {
  const contract = await getContractForParty(db, contractId, viewerId);
  const rows = await db.select().from(reviews).where(eq(reviews.contractId, contractId));
  const mine = rows.find((r) => r.authorId === viewerId) ?? null;
  const other = rows.find((r) => r.authorId !== viewerId) ?? null;
  const visible = isReviewVisible({
    reviewsOnContract: rows.length,
    completedAt: contract.completedAt,
  }, now);
  return {
    canReview: contract.status === "completed" && mine === null,
    mine,
    theirs: visible ? other : null,
    theirsSubmitted: other !== null,
    revealAt: contract.completedAt === null ? null : reviewRevealAt(contract.completedAt),
  };
}
