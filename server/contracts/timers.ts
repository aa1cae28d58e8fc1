/**
 * The contract timers, run from the durable job queue (so they survive restarts):
 * - milestone.reminder (day 5 and day 12 after a submission): tell the client it waits;
 * - milestone.auto_release (day 14): approve as the system (escrow releases the funds held;
 *   direct moves to approved and asks the client to pay);
 * - dispute.deadline (5 days after opening): hand an unresolved dispute to the admins.
 * Each carries the milestone version it was set for; when the milestone moved on since
 * (answered, resubmitted, disputed and resumed) the handler does nothing, so stale timers are
 * harmless and never need cancelling.
 */
import { eq } from "drizzle-orm";
import { contracts, milestones } from "@/db/schema_contracts.ts";
import type { JobContext, JobHandlers } from "@/server/jobs/worker.ts";
import { escalateDispute } from "./disputes.ts";
import { runWrite } from "./effects.ts";
import { AUTO_RELEASE_DAYS, autoApproveMilestone } from "./milestones.ts";

type Kinds = "milestone.reminder" | "milestone.auto_release" | "dispute.deadline";

export function contractJobHandlers(ctx: JobContext): Pick<JobHandlers, Kinds> {
  return {
    async "milestone.reminder"({ milestoneId, version, day }) {
      await runWrite(ctx, async (fx) => {
        const [row] = await fx.tx.select({ milestone: milestones, contract: contracts })
          .from(milestones).innerJoin(contracts, eq(contracts.id, milestones.contractId))
          .where(eq(milestones.id, milestoneId)).limit(1);
        if (!row || row.milestone.version !== version || row.milestone.status !== "submitted") {
          return;
        }
        if (row.contract.status !== "active") return;
        const left = AUTO_RELEASE_DAYS - day;
        await fx.notify({
          userId: row.contract.clientId,
          type: "milestone.reminder",
          title: `“${row.milestone.title}” is waiting for your review`,
          body: `It was delivered ${day} days ago. Approve it or ask for a revision; otherwise ` +
            `it is approved automatically in ${left} day${left === 1 ? "" : "s"}.`,
          link: `/contracts/${row.contract.id}`,
          data: { contractId: row.contract.id, milestoneId, day },
        });
      });
    },
    async "milestone.auto_release"({ milestoneId, version }) {
      const done = await runWrite(ctx, (fx) => autoApproveMilestone(fx, milestoneId, version));
      if (done) ctx.log.info("milestone approved automatically", { milestoneId });
    },
    async "dispute.deadline"({ disputeId }) {
      await runWrite(ctx, (fx) => escalateDispute(fx, disputeId));
    },
  };
}
