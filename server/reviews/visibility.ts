/**
 * The one rule for when a review may be read by anyone but its author: when both sides of the
 * contract have reviewed, or REVIEW_REVEAL_DAYS after the contract completed. Every query that
 * returns reviews (or numbers made from them) filters with `visibleReviewCondition`.
 */
import { type SQL, sql } from "drizzle-orm";
import { contracts } from "@/db/schema_contracts.ts";
import { reviews } from "@/db/schema_social.ts";
import { DAY_MS, REVIEW_REVEAL_DAYS } from "@/server/reputation/formulas.ts";

/** A WHERE fragment for a query over `reviews` joined with its `contracts` row. */
export function visibleReviewCondition(now: number): SQL {
  const revealedBefore = now - REVIEW_REVEAL_DAYS * DAY_MS;
  return sql`(
    (${contracts.completedAt} is not null and ${contracts.completedAt} <= ${revealedBefore})
    or (select count(*) from ${reviews} as r2 where r2.contract_id = ${reviews.contractId}) >= 2
  )`;
}
