/**
 * The viewer's own reputation, as others see it on their public profile, with links to that
 * profile and to how each number is computed (/about/reputation).
 */
import type { ComponentChildren } from "preact";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import type { ClientReputation, WorkerReputation } from "@/server/reputation/metrics.ts";
import { DashboardCard } from "./DashboardCard.tsx";
import { formatDuration } from "./DateTime.tsx";
import { RatingStars } from "./RatingStars.tsx";

const pct = (x: number | null) => x === null ? "—" : `${Math.round(x * 100)}%`;

function Metric(
  { label, value, hint }: { label: string; value: ComponentChildren; hint?: string },
) {
  return (
    <div class="metric">
      <dt>{label}</dt>
      <dd>
        <span class="metric-value">{value}</span>
        {hint && <span class="metric-hint">{hint}</span>}
      </dd>
    </div>
  );
}

function Rating({ avg, count }: { avg: number | null; count: number }) {
  return avg === null ? <>—</> : (
    <span class="dash-rating">
      <RatingStars rating={avg} count={count} /> {avg.toFixed(1)}
    </span>
  );
}

function Links({ userId }: { userId: string }) {
  return (
    <p class="dash-rep-links">
      <a href={`/users/${userId}`}>Your public profile</a>
      <a href="/about/reputation">How reputation works</a>
    </p>
  );
}

export function DashboardWorkerReputation({ rep, userId, minCompleted, minClients }: {
  rep: WorkerReputation;
  userId: string;
  minCompleted: number;
  minClients: number;
}) {
  return (
    <DashboardCard id="reputation" title="Reputation">
      <dl class="metrics dash-metrics">
        <Metric
          label="Score"
          value={rep.score === null ? "New" : String(rep.score)}
          hint={rep.score === null
            ? `after ${minCompleted} completed contracts with ${minClients} clients`
            : "out of 100"}
        />
        <Metric
          label="Rating"
          value={<Rating avg={rep.averageRating} count={rep.reviewCount} />}
          hint={`${rep.reviewCount} review${rep.reviewCount === 1 ? "" : "s"}`}
        />
        <Metric
          label="Job success"
          value={pct(rep.jobSuccess)}
          hint={`${rep.completedContracts} completed`}
        />
        <Metric
          label="Response time"
          value={rep.responseTime ? formatDuration(rep.responseTime.ms) : "—"}
          hint="median, hire to first delivery"
        />
      </dl>
      <Links userId={userId} />
    </DashboardCard>
  );
}

export function DashboardClientReputation({ rep, userId }: {
  rep: ClientReputation;
  userId: string;
}) {
  return (
    <DashboardCard id="reputation" title="Your reputation">
      <dl class="metrics dash-metrics">
        <Metric
          label="Rating"
          value={<Rating avg={rep.averageRating} count={rep.reviewCount} />}
          hint={`${rep.reviewCount} review${rep.reviewCount === 1 ? "" : "s"}`}
        />
        <Metric
          label="Hire rate"
          value={pct(rep.hireRate)}
          hint={`${rep.jobsHired} of ${rep.jobsPosted} tasks`}
        />
        <Metric
          label="Pays on time"
          value={pct(rep.paymentReliability)}
          hint={`${rep.milestonesDue} milestone${rep.milestonesDue === 1 ? "" : "s"} due`}
        />
        <Metric
          label="Total paid"
          value={rep.totalPaid.length === 0
            ? "—"
            : rep.totalPaid.map((m) => formatMoney(m.amountMinor, m.currency)).join(" · ")}
        />
      </dl>
      <Links userId={userId} />
    </DashboardCard>
  );
}
