/** A worker's proposals on their dashboard, grouped by where they stand. */
import { formatDay } from "@/lib/schemas/contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import type { ProposalStatus } from "@/lib/lifecycles.ts";
import type { DashboardProposal } from "@/server/dashboard/types.ts";
import { DashboardCard, DashboardEmpty } from "./DashboardCard.tsx";
import { StatusPill } from "./StatusPill.tsx";

const GROUPS: { title: string; statuses: ProposalStatus[]; open: boolean }[] = [
  { title: "Waiting for the client", statuses: ["submitted"], open: true },
  { title: "Shortlisted", statuses: ["shortlisted"], open: true },
  { title: "Accepted", statuses: ["accepted"], open: true },
  { title: "Closed", statuses: ["rejected", "declined", "withdrawn"], open: false },
];

/** How many of each group a dashboard lists (the counts and /proposals show the rest). */
const PER_GROUP = 5;

function Item({ p }: { p: DashboardProposal }) {
  return (
    <li class="dash-proposal" data-proposal-id={p.id}>
      <div class="dash-job-main">
        <a
          class="dash-job-title"
          href={p.contractId ? `/contracts/${p.contractId}` : `/jobs/${p.job.id}`}
        >
          {p.job.title}
        </a>
        <span class="muted dash-job-meta">
          {formatMoney(p.amount.amountMinor, p.amount.currency)} · sent{" "}
          {formatDay(new Date(p.createdAt).toISOString())}
        </span>
      </div>
      <StatusPill status={p.status} />
    </li>
  );
}

export function DashboardProposals({ items, counts }: {
  items: DashboardProposal[];
  counts: Partial<Record<ProposalStatus, number>>;
}) {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <DashboardCard
      id="my-proposals"
      title="My proposals"
      count={total}
      link={{ href: "/proposals", label: "All proposals" }}
    >
      {total === 0
        ? (
          <DashboardEmpty>
            No proposals yet. Apply to a task below, or <a href="/jobs">search all tasks</a>.
          </DashboardEmpty>
        )
        : GROUPS.map((g) => {
          const n = g.statuses.reduce((s, st) => s + (counts[st] ?? 0), 0);
          if (n === 0) return null;
          const list = items.filter((p) => g.statuses.includes(p.status)).slice(0, PER_GROUP);
          const more = n - list.length;
          const href = g.statuses.length === 1
            ? `/proposals?status=${g.statuses[0]}`
            : "/proposals";
          return (
            <details class="dash-group" open={g.open} data-group={g.statuses.join(",")}>
              <summary>
                <span>{g.title}</span>
                <span class="dash-count">{n}</span>
              </summary>
              <ul class="dash-job-list">
                {list.map((p) => <Item key={p.id} p={p} />)}
              </ul>
              {more > 0 && (
                <p class="dash-footnote">
                  <a href={href}>{more} more</a>
                </p>
              )}
            </details>
          );
        })}
    </DashboardCard>
  );
}
