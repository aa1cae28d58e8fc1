import { Notice } from "@/components/Notice.tsx";
import { statusLabel, StatusPill } from "@/components/StatusPill.tsx";
import { CONTRACT_STATUSES, type ContractStatus } from "@/lib/lifecycles.ts";
import { type ContractSummaryT, formatDay } from "@/lib/schemas/contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { listContracts } from "@/server/contracts/contracts.ts";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps } from "@/server/web/page.ts";

export const title = "Contracts";

interface Data {
  items: ContractSummaryT[];
  status: ContractStatus | null;
}

const isStatus = (s: string | undefined): s is ContractStatus =>
  (CONTRACT_STATUSES as readonly string[]).includes(s ?? "");

export const handler = definePage<Data>({
  async GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const q = c.req.query("status");
    const status = isStatus(q) ? q : null;
    const items = await listContracts(c.get("deps").db.orm, viewer.user, {
      status: status ?? undefined,
      limit: 100,
    });
    return page({ items, status });
  },
});

const TABS: (ContractStatus | null)[] = [null, "active", "disputed", "completed"];

const money = (m: { amountMinor: number; currency: string }) =>
  formatMoney(m.amountMinor, m.currency);

export default function Contracts({ data, viewer }: PageProps<Data>) {
  return (
    <div class="container page">
      <header class="page-header">
        <h1>Contracts</h1>
        <p class="muted">
          {viewer?.role === "client"
            ? "The people you hired, their milestones and what you paid."
            : "The work you were hired for, its milestones and what you were paid."}
        </p>
      </header>
      <nav class="tabs" aria-label="Filter by status">
        {TABS.map((s) => (
          <a
            href={s ? `/contracts?status=${s}` : "/contracts"}
            aria-current={data.status === s ? "page" : undefined}
          >
            {s ? statusLabel(s) : "All"}
          </a>
        ))}
      </nav>
      {data.items.length === 0
        ? (
          <div class="card empty-state">
            <p>
              {data.status
                ? "No contracts with this status."
                : viewer?.role === "client"
                ? <>No contracts yet. Hire someone from a job's proposals to start one.</>
                : (
                  <>
                    No contracts yet. <a href="/jobs">Find work</a> and send a proposal.
                  </>
                )}
            </p>
          </div>
        )
        : (
          <ul class="contract-list">
            {data.items.map((c) => (
              <li class="card contract-row">
                <div class="contract-row-main">
                  <h2 class="h3">
                    <a href={`/contracts/${c.id}`}>{c.title}</a>
                  </h2>
                  <p class="muted">
                    {c.viewerRole === "client" ? "Worker" : "Client"}: {c.otherParty.displayName}
                    {" "}
                    · since {formatDay(c.createdAt)}
                  </p>
                  <p class="contract-row-progress">
                    <span>
                      {c.milestones.closed} of {c.milestones.total} milestone
                      {c.milestones.total === 1 ? "" : "s"} settled
                    </span>
                    {c.milestones.current && (
                      <span>
                        Now: {c.milestones.current.title}{" "}
                        <StatusPill status={c.milestones.current.status} />
                      </span>
                    )}
                  </p>
                </div>
                <dl class="contract-row-money">
                  <div>
                    <dt>Total</dt>
                    <dd>{money(c.amounts.total)}</dd>
                  </div>
                  <div>
                    <dt>Funds held</dt>
                    <dd>{money(c.amounts.held)}</dd>
                  </div>
                  <div>
                    <dt>Paid</dt>
                    <dd>
                      {money({
                        amountMinor: c.amounts.released.amountMinor +
                          c.amounts.paidDirectly.amountMinor,
                        currency: c.currency,
                      })}
                    </dd>
                  </div>
                </dl>
                <StatusPill status={c.status} />
              </li>
            ))}
          </ul>
        )}
      {data.items.some((c) => c.status === "disputed") && (
        <Notice kind="warning">
          A disputed contract is frozen until an admin decides. Open it to answer or follow up.
        </Notice>
      )}
    </div>
  );
}
