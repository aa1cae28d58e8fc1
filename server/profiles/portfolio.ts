/**
 * A worker's portfolio: items with a title, description, an optional http(s) link and images.
 * Images are the worker's own image uploads, attached through the uploads module (subject
 * "portfolio"), which makes them viewable by anyone. Only workers have a portfolio (403 for
 * clients); an item that is not the viewer's is a 404.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import { uploads } from "@/db/schema_marketplace.ts";
import { portfolioItems } from "@/db/schema_social.ts";
import {
  PORTFOLIO_MAX_ITEMS,
  type PortfolioItemInput,
  type PortfolioItemPatchInput,
} from "@/lib/schemas/social.ts";
import { forbidden, HttpError, notFound, validationError } from "@/server/errors.ts";
import { attachUploads, detachUploadsExcept, listAttachments } from "@/server/uploads/uploads.ts";

export type PortfolioItemRow = typeof portfolioItems.$inferSelect;

export interface PortfolioImageView {
  uploadId: string;
  url: string;
  fileName: string;
}

export interface PortfolioItemView {
  id: string;
  title: string;
  description: string;
  link: string | null;
  images: PortfolioImageView[];
  createdAt: number;
}

export function assertWorker(viewer: User, what = "a portfolio") {
  if (viewer.role !== "worker") throw forbidden(`Only worker accounts have ${what}.`);
}

/** Only the viewer's own image uploads may be shown; anything else is a 422 on that index. */
async function checkImages(tx: Tx, ownerId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const rows = await tx.select({ id: uploads.id }).from(uploads).where(and(
    inArray(uploads.id, [...ids]),
    eq(uploads.ownerId, ownerId),
    eq(uploads.kind, "image"),
  ));
  const ok = new Set(rows.map((r) => r.id));
  const bad = ids.map((id, i) => ({ id, i })).filter(({ id }) => !ok.has(id));
  if (bad.length) {
    throw validationError(bad.map(({ i }) => ({
      path: `body.uploadIds.${i}`,
      message: "Upload the image first; this id is not one of your image uploads.",
    })));
  }
}

async function toView(db: Reader, row: PortfolioItemRow): Promise<PortfolioItemView> {
  const files = await listAttachments(db, "portfolio", row.id);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    link: row.link,
    images: files.filter((f) => f.kind === "image")
      .map((f) => ({ uploadId: f.id, url: f.url, fileName: f.fileName })),
    createdAt: row.createdAt,
  };
}

/** A user's portfolio, oldest first (the order they built it in). */
export async function listPortfolio(db: Reader, userId: string): Promise<PortfolioItemView[]> {
  const rows = await db.select().from(portfolioItems).where(eq(portfolioItems.userId, userId))
    .orderBy(asc(portfolioItems.createdAt), asc(portfolioItems.id));
  return await Promise.all(rows.map((r) => toView(db, r)));
}

async function getOwnItem(db: Reader, ownerId: string, id: string): Promise<PortfolioItemRow> {
  const [row] = await db.select().from(portfolioItems)
    .where(and(eq(portfolioItems.id, id), eq(portfolioItems.userId, ownerId))).limit(1);
  if (!row) throw notFound("This portfolio item");
  return row;
}

export async function getOwnPortfolioItem(
  db: Reader,
  ownerId: string,
  id: string,
): Promise<PortfolioItemView> {
  return await toView(db, await getOwnItem(db, ownerId, id));
}

export async function createPortfolioItem(
  tx: Tx,
  viewer: User,
  input: PortfolioItemInput,
  now: number,
): Promise<PortfolioItemView> {
  assertWorker(viewer);
  const [count] = await tx.select({ n: sql<number>`count(*)` }).from(portfolioItems)
    .where(eq(portfolioItems.userId, viewer.id));
  if (Number(count?.n ?? 0) >= PORTFOLIO_MAX_ITEMS) {
    throw new HttpError(
      "conflict",
      `A portfolio holds up to ${PORTFOLIO_MAX_ITEMS} items. Delete one to add another.`,
    );
  }
  await checkImages(tx, viewer.id, input.uploadIds);
  const [row] = await tx.insert(portfolioItems).values({
    id: crypto.randomUUID(),
    userId: viewer.id,
    title: input.title,
    description: input.description,
    link: input.link ?? null,
    createdAt: now,
  }).returning();
  await attachUploads(tx, input.uploadIds, viewer.id, "portfolio", row.id, now);
  return await toView(tx, row);
}

export async function updatePortfolioItem(
  tx: Tx,
  viewer: User,
  id: string,
  patch: PortfolioItemPatchInput,
  now: number,
): Promise<PortfolioItemView> {
  assertWorker(viewer);
  let row = await getOwnItem(tx, viewer.id, id);
  const set: Partial<PortfolioItemRow> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.link !== undefined) set.link = patch.link;
  if (Object.keys(set).length) {
    [row] = await tx.update(portfolioItems).set(set).where(eq(portfolioItems.id, id)).returning();
  }
  if (patch.uploadIds !== undefined) {
    await checkImages(tx, viewer.id, patch.uploadIds);
    await detachUploadsExcept(tx, "portfolio", id, patch.uploadIds);
    await attachUploads(tx, patch.uploadIds, viewer.id, "portfolio", id, now);
  }
  return await toView(tx, row);
}

/** Deletes the item and its image links (the uploaded files stay the worker's). */
export async function deletePortfolioItem(tx: Tx, viewer: User, id: string): Promise<void> {
  assertWorker(viewer);
  await getOwnItem(tx, viewer.id, id);
  await detachUploadsExcept(tx, "portfolio", id, []);
  await tx.delete(portfolioItems).where(eq(portfolioItems.id, id));
}

export function toPortfolioJson(v: PortfolioItemView) {
  return { ...v, createdAt: new Date(v.createdAt).toISOString() };
}
