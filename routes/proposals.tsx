import { FileList } from "@/components/FileList.tsx";
import { Notice } from "@/components/Notice.tsx";
import { statusLabel, StatusPill } from "@/components/StatusPill.tsx";
import { PROPOSAL_STATUSES, type ProposalStatus } from "@/lib/lifecycles.ts";
import { formatDay } from "@/lib/schemas/contracts.ts";
import { formatMoney, type ProposalViewT } from "@/lib/schemas/proposals.ts";
import { listMyProposals, withdrawProposal } from "@/server/marketplace/proposals.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Your proposals";

interface Data {
  items: ProposalViewT[];
  counts: Record<string, number>;
  status: ProposalStatus | null;
  error: string | null;
}

const isStatus = (s: string | undefined): s is ProposalStatus =>
  (PROPOSAL_STATUSES as readonly string[]).includes(s ?? "");

async function load(c: AppContext, viewer: Viewer, error: string | null = null, status?: number) {
  const db = c.get("deps").db.orm;
  const filter = c.req.query("status");
  const all = await listMyProposals(db, viewer.user, { limit: 100 });
  const counts: Record<string, number> = {};
  for (const p of all) counts[p.status] = (counts[p.status] ?? 0) + 1;
  return page<Data>({
    items: isStatus(filter) ? all.filter((p) => p.status === filter) : all,
    counts,
    status: isStatus(filter) ? filter : null,
    error,
  }, { status });
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return load(c, viewer);
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const form = await c.req.parseBody();
    const id = typeof form.proposalId === "string" ? form.proposalId : "";
    try {
      if (form.intent !== "withdraw") return load(c, viewer, "Choose an action.", 422);
      await withdrawProposal(c.get("deps"), viewer.user, id);
    } catch (err) {
      const failure = formFailure(c, err);
      return load(c, viewer, Object.values(failure.errors)[0] ?? null, failure.status);
    }
    return seeOther(c, "/proposals?withdrawn=1");
  },
});

const TABS: (ProposalStatus | null)[] = [null, "submitted", "shortlisted", "accepted", "declined"];

export default function MyProposals({ data, url }: PageProps<Data>) {
  const total = Object.values(data.counts).reduce((a, b) => a + b, 0);
  return (
    <div class="container page">
      <header class="page-header">
        <h1>Your proposals</h1>
        <p class="muted">What you applied for, and where each one stands.</p>
      </header>
      {url.searchParams.get("sent") && (
        <Notice kind="success" title="Proposal sent">
          The client has been told. You will get a notification when they answer.
        </Notice>
      )}
      {url.searchParams.get("withdrawn") && (
        <Notice kind="success">
          Proposal withdrawn. You can send a new one while the job is open.
        </Notice>
      )}
      {data.error && <Notice kind="error">{data.error}</Notice>}
      <nav class="tabs" aria-label="Filter by status">
        {TABS.map((s) => (
          <a
            href={s ? `/proposals?status=${s}` : "/proposals"}
            aria-current={data.status === s ? "page" : undefined}
          >
            {s ? statusLabel(s) : "All"}
            <span class="tab-count">{s ? data.counts[s] ?? 0 : total}</span>
          </a>
        ))}
      </nav>
      {data.items.length === 0
        ? (
          <div class="card empty-state">
            <p>
              {total === 0
                ? (
                  <>
                    No proposals yet. <a href="/jobs">Find work</a> that fits your skills.
                  </>
                )
                : "No proposals with this status."}
            </p>
          </div>
        )
        : (
          <ul class="proposal-list">
            {data.items.map((p) => (
              <li class="card proposal-card" id={`proposal-${p.id}`}>
                <div class="proposal-head">
                  <div class="proposal-who">
                    <h3>
                      <a href={`/jobs/${p.job.id}`}>{p.job.title}</a>
                    </h3>
                    <p class="muted">
                      Sent {formatDay(p.createdAt)}
                    </p>
                  </div>
                  <div class="proposal-price">
                    <strong>{formatMoney(p.amount.amountMinor, p.amount.currency)}</strong>
                    <span class="muted">
                      {p.kind === "instant" ? "at the posted budget" : `${p.durationDays} days`}
                    </span>
                    <StatusPill status={p.status} />
                  </div>
                </div>
                {p.coverLetter && <p class="cover-letter">{p.coverLetter}</p>}
                <FileList files={p.attachments} />
                <div class="proposal-secondary">
                  {p.contractId && (
                    <a class="button button-small" href={`/contracts/${p.contractId}`}>
                      Open the contract
                    </a>
                  )}
                  {(p.status === "submitted" || p.status === "shortlisted") && (
                    <form method="post" class="inline-form">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="proposalId" value={p.id} />
                      <button type="submit" class="button button-ghost button-small">
                        Withdraw
                      </button>
                    </form>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
