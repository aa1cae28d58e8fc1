/**
 * How reputation is computed, in plain words. Every number on this page comes from
 * server/reputation/formulas.ts — the module that computes the profiles — so the published
 * rules and the real ones cannot drift apart. The worked example is computed by the formula.
 */
import {
  DIRECT_PAYMENT_GRACE_DAYS,
  REVIEW_REVEAL_DAYS,
  SCORE_MIN_CLIENTS,
  SCORE_MIN_COMPLETED,
  SCORE_WEIGHTS,
  workerScore,
} from "@/server/reputation/formulas.ts";
import type { PageProps } from "@/server/web/page.ts";

export const title = "How reputation works";

const pct = (x: number) => `${Math.round(x * 100)}%`;
const EXAMPLE = { jobSuccess: 0.9, averageRating: 4.6 };
const exampleScore = workerScore({
  completedClientIds: ["a", "b"],
  jobSuccess: EXAMPLE.jobSuccess,
  averageRating: EXAMPLE.averageRating,
}).score;

export default function AboutReputation(_props: PageProps) {
  return (
    <div class="container page page-narrow prose">
      <header class="page-header">
        <p class="eyebrow">Reputation</p>
        <h1>How reputation is computed</h1>
        <p class="muted">
          Every number on a WorkMate profile comes from what happened on WorkMate, by the rules
          below. The same code that computes the profiles supplies the numbers on this page.
        </p>
      </header>

      <section class="card rep-section" id="reviews" aria-labelledby="h-reviews">
        <h2 id="h-reviews">Reviews</h2>
        <p>
          When a contract is completed, the client and the worker can each review the other once: 1
          to 5 stars and a few words. A review stays hidden — even from the person it is about —
          until <strong>both sides have reviewed</strong>, or{" "}
          <strong data-constant="REVIEW_REVEAL_DAYS">{REVIEW_REVEAL_DAYS} days</strong>{" "}
          after the contract was completed, whichever comes first. So nobody can answer a review
          with a review.
        </p>
        <p>
          <strong>Average rating</strong>{" "}
          is the plain mean of the visible reviews, shown with one decimal.
        </p>
      </section>

      <section class="card rep-section" id="workers" aria-labelledby="h-workers">
        <h2 id="h-workers">Workers</h2>
        <dl class="rep-rules">
          <dt>Job success</dt>
          <dd>
            Successful contracts ÷ (successful + disputed + cancelled). A contract counts as{" "}
            <em>disputed</em>{" "}
            if a dispute was ever opened on it, whatever the outcome; otherwise a completed contract
            is a success and a cancelled one counts against it. Contracts still running do not
            count.
          </dd>
          <dt>Response time</dt>
          <dd>
            The median time from being hired (the contract starting) to the worker's first delivery
            on it. Contracts without a delivery yet are not counted. When chat arrives, the first
            reply in the contract's conversation will count too, whichever comes first.
          </dd>
          <dt>Score</dt>
          <dd>
            A score from 0 to 100 appears once a worker has completed{" "}
            <strong data-constant="SCORE_MIN_COMPLETED">{SCORE_MIN_COMPLETED} contracts</strong>
            {" "}
            with{" "}
            <strong data-constant="SCORE_MIN_CLIENTS">
              {SCORE_MIN_CLIENTS} different clients
            </strong>; before that the profile says <em>New</em>. It is{" "}
            <span data-constant="SCORE_WEIGHTS.jobSuccess">{pct(SCORE_WEIGHTS.jobSuccess)}</span>
            {" "}
            job success plus{" "}
            <span data-constant="SCORE_WEIGHTS.rating">{pct(SCORE_WEIGHTS.rating)}</span>{" "}
            average rating (1 star counts as 0, 5 stars as 100), rounded. Without visible reviews
            yet, it is the job success alone.
            <span class="rep-example">
              Example: job success {pct(EXAMPLE.jobSuccess)} and an average rating of{" "}
              {EXAMPLE.averageRating} give a score of{" "}
              <strong data-example="score">{exampleScore}</strong>.
            </span>
          </dd>
          <dt>Work history</dt>
          <dd>
            Completed contracts with the client, title, dates and what was released to the worker.
          </dd>
          <dt>Verified</dt>
          <dd>
            The badge shows when the worker confirmed their email <em>and</em>{" "}
            a WorkMate admin checked who they are.
          </dd>
        </dl>
      </section>

      <section class="card rep-section" id="clients" aria-labelledby="h-clients">
        <h2 id="h-clients">Clients</h2>
        <dl class="rep-rules">
          <dt>Jobs posted</dt>
          <dd>Jobs the client published (drafts do not count; deleted jobs still do).</dd>
          <dt>Hire rate</dt>
          <dd>Jobs that led to a contract ÷ jobs posted.</dd>
          <dt>Total paid</dt>
          <dd>
            What reached workers, per currency: milestones released from held funds plus milestones
            the client marked as paid directly. WorkMate takes no commission, so this is what the
            workers received.
          </dd>
          <dt>Payment reliability</dt>
          <dd>
            Milestones paid on time ÷ milestones that were due. For funds held through WorkMate, on
            time means funded by the milestone's due date. A direct payment can only follow the
            delivery, so it is on time when marked paid by the due date or{" "}
            <strong data-constant="DIRECT_PAYMENT_GRACE_DAYS">
              {DIRECT_PAYMENT_GRACE_DAYS} days
            </strong>{" "}
            after the (last) delivery, whichever is later. Milestones without a due date, refunded
            ones, and ones whose deadline is still ahead (and not yet paid) are not counted.
          </dd>
          <dt>Response time</dt>
          <dd>
            The median time from a proposal arriving to the client's first answer to it (shortlist,
            reject or hire). Proposals never answered are not counted. When chat arrives, first
            replies to messages will count too.
          </dd>
          <dt>Rating</dt>
          <dd>The average of the visible reviews workers left for the client.</dd>
        </dl>
      </section>
    </div>
  );
}
