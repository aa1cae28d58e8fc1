/**
 * Open contracts on a dashboard: each with the other party, money held and paid, and every
 * milestone with its state; the milestone in progress gets the step indicator.
 */
import { formatDay } from "@/lib/schemas/contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import type { CompletedContract, DashboardContract, Money } from "@/server/dashboard/types.ts";
import { DashboardCard, DashboardEmpty } from "./DashboardCard.tsx";
import { MilestoneSteps } from "./MilestoneSteps.tsx";
import { StatusPill } from "./StatusPill.tsx";

const money = (m: Money) => formatMoney(m.amountMinor, m.currency);
const CLOSED = ["released", "refunded"];

function ContractItem({ c, role }: { c: DashboardContract; role: "client" | "worker" }) {
  const current = c.milestones.find((m) => !CLOSED.includes(m.status));
  const settled = c.milestones.filter((m) => CLOSED.includes(m.status)).length;
  return (
    <li class="dash-contract" data-contract-id={c.id}>
      <div class="dash-contract-head">
        <div>
          <h3 class="dash-contract-title">
            <a href={`/contracts/${c.id}`}>{c.title}</a>
          </h3>
          <p class="muted dash-contract-meta">
            {role === "client" ? "Worker" : "Client"}:{" "}
            <a href={`/users/${c.otherParty.id}`}>{c.otherParty.displayName}</a> · {settled} of{" "}
            {c.milestones.length} milestone{c.milestones.length === 1 ? "" : "s"} settled
          </p>
        </div>
        <StatusPill status={c.status} />
      </div>
      {current && (
        <div class="dash-current">
          <p class="dash-current-title">
            <span>
              <strong>{current.title}</strong> · {money(current.amount)}
              {current.dueAt && (
                <span class="muted dash-due">· due {formatDay(current.dueAt)}</span>
              )}
            </span>
            <StatusPill status={current.status} />
          </p>
          <MilestoneSteps mode={current.paymentMode} status={current.status} />
        </div>
      )}
      {c.milestones.length > 1 && (
        <ol class="dash-milestones" aria-label="Milestones">
          {c.milestones.map((m) => (
            <li class={m === current ? "is-current" : ""}>
              <span class="dash-milestone-name">{m.position}. {m.title}</span>
              <span class="dash-milestone-amount">{money(m.amount)}</span>
              <StatusPill status={m.status} />
            </li>
          ))}
        </ol>
      )}
      <dl class="dash-contract-money">
        <div>
          <dt>Total</dt>
          <dd>{money(c.total)}</dd>
        </div>
        <div>
          <dt>Funds held</dt>
          <dd>{money(c.held)}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>{money(c.paid)}</dd>
        </div>
      </dl>
    </li>
  );
}

function Completed({ items }: { items: CompletedContract[] }) {
  return (
    <>
      <h3 class="dash-subhead">Recently completed</h3>
      <ul class="dash-job-list dash-completed">
        {items.map((c) => (
          <li class="dash-job" data-contract-id={c.id}>
            <div class="dash-job-main">
              <a class="dash-job-title" href={`/contracts/${c.id}`}>{c.title}</a>
              <span class="muted dash-job-meta">
                with {c.otherParty.displayName} · completed{" "}
                {formatDay(new Date(c.completedAt).toISOString())}
              </span>
            </div>
            <div class="dash-job-side">
              <strong>{money(c.paid)}</strong>
              <StatusPill status="completed" />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function DashboardContracts({ contracts, completed, role }: {
  contracts: DashboardContract[];
  completed: CompletedContract[];
  role: "client" | "worker";
}) {
  return (
    <DashboardCard
      id="active-contracts"
      title="Active contracts"
      count={contracts.length}
      link={{ href: "/contracts", label: "All contracts" }}
    >
      {contracts.length === 0
        ? (
          <DashboardEmpty>
            {role === "client"
              ? "No active contracts. Hire someone from a task's proposals to start one."
              : (
                <>
                  No active contracts. <a href="/jobs">Find work</a> and send a proposal.
                </>
              )}
          </DashboardEmpty>
        )
        : (
          <ul class="dash-contract-list">
            {contracts.map((c) => <ContractItem key={c.id} c={c} role={role} />)}
          </ul>
        )}
      {completed.length > 0 && <Completed items={completed} />}
    </DashboardCard>
  );
}
