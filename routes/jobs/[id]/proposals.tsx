import { ChatMessageButton } from "@/components/ChatMessageButton.tsx";
import { FileList } from "@/components/FileList.tsx";
import { Notice } from "@/components/Notice.tsx";
import { RatingStars } from "@/components/RatingStars.tsx";
import { StatusPill } from "@/components/StatusPill.tsx";
import { formatMoney, type ProposalViewT } from "@/lib/schemas/proposals.ts";
import {
  acceptProposal,
  getJobTitleForOwner,
  listProposalsForJob,
  rejectProposal,
  shortlistProposal,
} from "@/server/marketplace/proposals.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { visibleRatingSummaries } from "@/server/reputation/metrics.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Proposals";

interface Data {
  job: { id: string; title: string; status: string };
  live: ProposalViewT[];
  closed: ProposalViewT[];
  error: { proposalId: string; message: string } | null;
  /** Visible average rating per worker id (workers without reviews are absent). */
  ratings: Record<string, { average: number; count: number }>;
}

async function load(c: AppContext, viewer: Viewer, error: Data["error"] = null, status?: number) {
  const db = c.get("deps").db.orm;
  const jobId = c.req.param("id")!;
  const items = await listProposalsForJob(db, viewer.user, jobId, { limit: 100 });
  const ratings = await visibleRatingSummaries(
    db,
    [...new Set(items.map((p) => p.worker.id))],
    c.get("deps").clock.now(),
  );
  const job = await getJobTitleForOwner(db, viewer.user, jobId);
  const isLive = (p: ProposalViewT) => p.status === "submitted" || p.status === "shortlisted";
  const order = (p: ProposalViewT) => (p.status === "shortlisted" ? 0 : 1);
  return page<Data>({
    job,
    live: items.filter(isLive).sort((a, b) => order(a) - order(b)),
    closed: items.filter((p) => !isLive(p)),
    error,
    ratings: Object.fromEntries(ratings),
  }, { title: `Proposals: ${job.title}`, status });
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
    const deps = c.get("deps");
    const jobId = c.req.param("id")!;
    // The job must be the viewer's: a proposal id from elsewhere answers 404 like the API.
    await getJobTitleForOwner(deps.db.orm, viewer.user, jobId);
    try {
      switch (form.intent) {
        case "shortlist":
          await shortlistProposal(deps, viewer.user, id);
          return seeOther(c, `/jobs/${jobId}/proposals?done=shortlisted`);
        case "reject":
          await rejectProposal(deps, viewer.user, id);
          return seeOther(c, `/jobs/${jobId}/proposals?done=rejected`);
        case "accept": {
          const mode = form.paymentMode === "direct" ? "direct" : "escrow";
          const { contractId } = await acceptProposal(deps, viewer.user, id, { paymentMode: mode });
          return seeOther(c, `/contracts/${contractId}?hired=1`);
        }
        default:
          return load(c, viewer, { proposalId: id, message: "Choose an action." }, 422);
      }
    } catch (err) {
      const failure = formFailure(c, err);
      const message = Object.values(failure.errors)[0] ?? "That did not work.";
      return load(c, viewer, { proposalId: id, message }, failure.status);
    }
  },
});

const DONE: Record<string, string> = {
  shortlisted: "Added to your shortlist. The worker was told.",
  rejected: "Proposal declined. The worker was told.",
};

export default function JobProposals({ data, url }: PageProps<Data>) {
  const { job } = data;
  const done = DONE[url.searchParams.get("done") ?? ""];
  const open = job.status === "open";
  return (
    <div class="container page">
      <header class="page-header">
        <p class="eyebrow">
          <a href={`/jobs/${job.id}`}>← {job.title}</a>
        </p>
        <h1>Proposals</h1>
        <p class="muted">
          {open
            ? "Compare offers, shortlist the ones you like, and hire one. Hiring declines the rest."
            : "This job is no longer open; these are the proposals it received."}
        </p>
      </header>
      {done && <Notice kind="success">{done}</Notice>}
      {data.error && !data.error.proposalId && <Notice kind="error">{data.error.message}</Notice>}
      {data.live.length === 0 && data.closed.length === 0 && (
        <div class="card empty-state">
          <p>No proposals yet. Workers who match the job are told about it; check back soon.</p>
        </div>
      )}
      {data.live.length > 0 && (
        <section aria-labelledby="live-title" class="proposal-section">
          <h2 id="live-title">Open proposals ({data.live.length})</h2>
          <ul class="proposal-list">
            {data.live.map((p) => (
              <ProposalItem
                key={p.id}
                p={p}
                error={data.error}
                canAct={open}
                rating={data.ratings[p.worker.id]}
              />
            ))}
          </ul>
        </section>
      )}
      {data.closed.length > 0 && (
        <section aria-labelledby="closed-title" class="proposal-section">
          <h2 id="closed-title">Other proposals ({data.closed.length})</h2>
          <ul class="proposal-list">
            {data.closed.map((p) => (
              <ProposalItem
                key={p.id}
                p={p}
                error={data.error}
                canAct={false}
                rating={data.ratings[p.worker.id]}
              />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function ProposalItem(
  { p, error, canAct, rating }: {
    p: ProposalViewT;
    error: Data["error"];
    canAct: boolean;
    rating?: { average: number; count: number };
  },
) {
  const err = error?.proposalId === p.id ? error.message : null;
  return (
    <li class="card proposal-card" id={`proposal-${p.id}`}>
      <div class="proposal-head">
        <span class="avatar avatar-large" aria-hidden="true">
          {p.worker.displayName.trim().charAt(0).toUpperCase() || "?"}
        </span>
        <div class="proposal-who">
          <h3>
            <a href={`/users/${p.worker.id}`}>{p.worker.displayName}</a>
          </h3>
          {p.worker.headline && <p class="muted">{p.worker.headline}</p>}
          {rating
            ? (
              <p class="proposal-rating">
                <RatingStars rating={rating.average} count={rating.count} showValue />
              </p>
            )
            : <p class="rating-placeholder muted">No reviews yet</p>}
        </div>
        <div class="proposal-price">
          <strong>{formatMoney(p.amount.amountMinor, p.amount.currency)}</strong>
          <span class="muted">
            {p.kind === "instant"
              ? "at the posted budget"
              : `quote · ${p.durationDays} day${p.durationDays === 1 ? "" : "s"}`}
          </span>
          <StatusPill status={p.status} />
        </div>
      </div>
      {p.coverLetter && <p class="cover-letter">{p.coverLetter}</p>}
      <FileList files={p.attachments} />
      {err && <Notice kind="error">{err}</Notice>}
      <div class="proposal-links">
        <ChatMessageButton
          userId={p.worker.id}
          jobId={p.job.id}
          label={`Message ${p.worker.displayName}`}
        />
        {p.contractId && (
          <a class="button button-secondary button-small" href={`/contracts/${p.contractId}`}>
            Open the contract
          </a>
        )}
      </div>
      {canAct && (
        <div class="proposal-actions">
          <form method="post" class="accept-form">
            <input type="hidden" name="intent" value="accept" />
            <input type="hidden" name="proposalId" value={p.id} />
            <fieldset class="pay-choice">
              <legend>How will you pay?</legend>
              <label>
                <input type="radio" name="paymentMode" value="escrow" checked />
                <span>
                  <strong>Funds held</strong>
                  <small>You set the money aside; it is released when you approve.</small>
                </span>
              </label>
              <label>
                <input type="radio" name="paymentMode" value="direct" />
                <span>
                  <strong>Directly</strong>
                  <small>You pay the worker yourself after approving; they confirm.</small>
                </span>
              </label>
            </fieldset>
            <button type="submit" class="button">Hire {p.worker.displayName}</button>
          </form>
          <div class="proposal-secondary">
            {p.status === "submitted" && (
              <form method="post" class="inline-form">
                <input type="hidden" name="intent" value="shortlist" />
                <input type="hidden" name="proposalId" value={p.id} />
                <button type="submit" class="button button-secondary button-small">
                  Shortlist
                </button>
              </form>
            )}
            <form method="post" class="inline-form">
              <input type="hidden" name="intent" value="reject" />
              <input type="hidden" name="proposalId" value={p.id} />
              <button type="submit" class="button button-ghost button-small">Decline</button>
            </form>
          </div>
        </div>
      )}
    </li>
  );
}
