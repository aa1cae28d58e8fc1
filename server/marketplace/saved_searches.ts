/**
 * Saved job searches: a name and the filters of GET /api/v1/jobs, validated by the same schema
 * and stored in canonical query-string form. search_jobs.ts matches new jobs against them.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database, Reader } from "@/db/client.ts";
import { type SavedSearch, savedSearches } from "@/db/schema_marketplace.ts";
import {
  filtersToParams,
  JobSearchFilters,
  MAX_SAVED_SEARCHES,
  type SavedSearchViewT,
} from "@/lib/schemas/search.ts";
import { parseWith } from "@/server/web/api.ts";
import { HttpError, notFound } from "@/server/errors.ts";

export function toSavedSearchView(s: SavedSearch): SavedSearchViewT {
  return {
    id: s.id,
    name: s.name,
    query: s.query as Record<string, string>,
    createdAt: new Date(s.createdAt).toISOString(),
  };
}

export async function createSavedSearch(
  deps: { db: Database; now: number },
  userId: string,
  input: { name: string; query: Record<string, unknown> },
): Promise<SavedSearch> {
  const filters = parseWith(JobSearchFilters, input.query, "body.query");
  const query = filtersToParams(filters);
  return await deps.db.write(async (tx) => {
    const [row] = await tx.select({ n: sql<number>`count(*)` }).from(savedSearches)
      .where(eq(savedSearches.userId, userId));
    if (Number(row?.n ?? 0) >= MAX_SAVED_SEARCHES) {
      throw new HttpError(
        "conflict",
        `You can keep ${MAX_SAVED_SEARCHES} saved searches. Delete one to save another.`,
      );
    }
    const [saved] = await tx.insert(savedSearches).values({
      id: crypto.randomUUID(),
      userId,
      name: input.name,
      query,
      createdAt: deps.now,
    }).returning();
    return saved;
  });
}

export async function listSavedSearches(db: Reader, userId: string): Promise<SavedSearch[]> {
  return await db.select().from(savedSearches).where(eq(savedSearches.userId, userId))
    .orderBy(asc(savedSearches.createdAt), asc(savedSearches.id));
}

/** Deletes one of the user's saved searches; someone else's is a 404. */
export async function deleteSavedSearch(db: Database, userId: string, id: string): Promise<void> {
  await db.write(async (tx) => {
    const rows = await tx.delete(savedSearches)
      .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId)))
      .returning({ id: savedSearches.id });
    if (rows.length === 0) throw notFound("This saved search");
  });
}
