import type { ComponentChildren } from "preact";
import { DateTime, formatDuration } from "@/components/DateTime.tsx";
import { ChatMessageButton } from "@/components/ChatMessageButton.tsx";
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { RatingStars } from "@/components/RatingStars.tsx";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { decodeCursor, Id, NOTE_MAX, NoteBody } from "@/lib/schemas/social.ts";
import { HttpError, notFound } from "@/server/errors.ts";
import { getPublicProfile, type PublicProfile } from "@/server/profiles/profile.ts";
import {
  type ClientNote,
  deleteClientNote,
  findClientNote,
  saveClientNote,
} from "@/server/reviews/notes.ts";
import { listReviewsOfUser, type ReviewListItem } from "@/server/reviews/reviews.ts";
import type { AppContext } from "@/server/web/context.ts";
import { type FieldErrors, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";

export const title = "Profile";

const REVIEWS_PAGE = 10;

interface NoteState {
  note: ClientNote | null;
  value: string;
  errors: FieldErrors;
}

interface Data {
  profile: PublicProfile;
  reviews: ReviewListItem[];
  nextReviews: string | null;
  isSelf: boolean;
  /** Only for a signed-in client looking at a worker. */
  noteState: NoteState | null;
  timeZone: string | null;
}

async function load(c: AppContext, noteOverride?: Partial<NoteState>, status?: number) {
  const { db, clock } = c.get("deps");
  const id = Id.safeParse(c.req.param("id"));
  const now = clock.now();
  const profile = id.success ? await getPublicProfile(db.orm, id.data, now) : null;
  if (!profile) throw notFound("This profile");
  const url = new URL(c.req.url);
  const cursor = decodeCursor(url.searchParams.get("reviews") ?? "") ?? undefined;
  const reviews = await listReviewsOfUser(db.orm, profile.user.id, {
    limit: REVIEWS_PAGE,
    cursor,
  }, now);
  const viewer = c.get("viewer");
  let noteState: NoteState | null = null;
  if (viewer?.user.role === "client" && profile.user.role === "worker") {
    const note = await findClientNote(db.orm, viewer.user, profile.user.id);
    noteState = { note, value: note?.note ?? "", errors: {}, ...noteOverride };
  }
  return page<Data>({
    profile,
    reviews: reviews.items,
    nextReviews: reviews.nextCursor,
    isSelf: viewer?.user.id === profile.user.id,
    noteState,
    timeZone: viewer?.user.timezone ?? null,
  }, { title: profile.user.displayName, status });
}

export const handler = definePage<Data>({
  GET: (c) => load(c),
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const workerId = c.req.param("id") ?? "";
    const { db, clock } = c.get("deps");
    const form = await c.req.parseBody();
    const back = `/users/${encodeURIComponent(workerId)}`;
    if (form.intent === "note-delete") {
      await db.write((tx) => deleteClientNote(tx, viewer.user, workerId));
      return seeOther(c, `${back}?note=deleted#note`);
    }
    if (form.intent !== "note-save") throw new HttpError("bad-request", "Unknown action.");
    const parsed = await parseForm(c, NoteBody, (f) => ({ note: f.note ?? "" }));
    if (!parsed.ok) {
      // Checks access first, so a refused viewer gets the same 404 as on GET.
      await findClientNote(db.orm, viewer.user, workerId);
      return load(c, { value: parsed.values.note ?? "", errors: parsed.errors }, 422);
    }
    await db.write((tx) =>
      saveClientNote(tx, viewer.user, workerId, parsed.data.note, clock.now())
    );
    return seeOther(c, `${back}?note=saved#note`);
  },
});

const pct = (x: number | null) => x === null ? "—" : `${Math.round(x * 100)}%`;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const chars = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return chars.map((p) => [...p][0]?.toUpperCase() ?? "").join("") || "?";
}

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

export default function UserProfile({ data, url, viewer }: PageProps<Data>) {
  const { profile, timeZone } = data;
  const u = profile.user;
  const w = profile.worker;
  const cl = profile.client;
  const rating = w?.reputation ?? cl?.reputation;
  const hasSide = data.noteState !== null || (w !== null && w.certifications.length > 0);
  return (
    <div class="container page profile-page">
      <section class="card profile-head" aria-labelledby="profile-name">
        <span class="avatar avatar-large" aria-hidden="true">{initials(u.displayName)}</span>
        <div class="profile-id">
          <h1 id="profile-name">
            {u.displayName}
            {profile.verified && (
              <span
                class="badge badge-success verified-badge"
                title="Email confirmed and checked by WorkMate"
              >
                ✓ Verified
              </span>
            )}
          </h1>
          {u.headline && <p class="profile-headline">{u.headline}</p>}
          <p class="profile-facts muted">
            <span>{u.role === "worker" ? "Worker" : "Client"}</span>
            {u.locationName && <span>{u.locationName}</span>}
            {w && u.hourlyRateMinor !== null && u.hourlyRateCurrency && (
              <span>{formatMoney(u.hourlyRateMinor, u.hourlyRateCurrency)} / hour</span>
            )}
            {w && (
              <span class={`availability is-${u.availability}`}>
                {AVAILABILITY[u.availability]}
              </span>
            )}
            <span>
              Member since <DateTime ms={u.createdAt} timeZone={timeZone} />
            </span>
          </p>
          {rating && rating.averageRating !== null && (
            <p class="profile-rating">
              <RatingStars rating={rating.averageRating} count={rating.reviewCount} showValue />
              <a href="#reviews" class="muted">
                {rating.reviewCount} review{rating.reviewCount === 1 ? "" : "s"}
              </a>
            </p>
          )}
          {w && u.skills.length > 0 && (
            <ul class="skill-chips" aria-label="Skills">
              {u.skills.map((s) => <li key={s} class="skill-chip">{s}</li>)}
            </ul>
          )}
        </div>
        {viewer && !data.isSelf && (
          <div class="profile-self">
            <ChatMessageButton userId={u.id} label="Message this person" secondary={false} />
          </div>
        )}
        {data.isSelf && (
          <div class="profile-self">
            <a class="button button-secondary button-small" href="/settings">Edit profile</a>
            {w && (
              <a class="button button-secondary button-small" href="/settings/portfolio">
                Edit portfolio
              </a>
            )}
          </div>
        )}
      </section>

      <div class={`profile-grid${hasSide ? "" : " is-single"}`}>
        <div class="profile-main stack">
          <section class="card" aria-labelledby="h-rep">
            <div class="card-heading">
              <h2 id="h-rep">Reputation</h2>
              <a href={`/about/reputation#${w ? "workers" : "clients"}`} class="small-link">
                How is this computed?
              </a>
            </div>
            {w && (
              <dl class="metrics">
                <Metric
                  label="Score"
                  value={w.reputation.score === null ? "New" : String(w.reputation.score)}
                  hint={w.reputation.score === null ? "Not enough history yet" : "out of 100"}
                />
                <Metric label="Job success" value={pct(w.reputation.jobSuccess)} />
                <Metric
                  label="Average rating"
                  value={w.reputation.averageRating === null
                    ? "—"
                    : w.reputation.averageRating.toFixed(1)}
                  hint={`${w.reputation.reviewCount} review${
                    w.reputation.reviewCount === 1 ? "" : "s"
                  }`}
                />
                <Metric
                  label="Response time"
                  value={w.reputation.responseTime
                    ? formatDuration(w.reputation.responseTime.ms)
                    : "—"}
                  hint="hire to first delivery"
                />
                <Metric
                  label="Completed"
                  value={String(w.reputation.completedContracts)}
                  hint={`for ${w.reputation.distinctClients} client${
                    w.reputation.distinctClients === 1 ? "" : "s"
                  }`}
                />
              </dl>
            )}
            {cl && (
              <dl class="metrics">
                <Metric label="Jobs posted" value={String(cl.reputation.jobsPosted)} />
                <Metric
                  label="Hire rate"
                  value={pct(cl.reputation.hireRate)}
                  hint={`${cl.reputation.jobsHired} hired`}
                />
                <Metric
                  label="Total paid"
                  value={cl.reputation.totalPaid.length === 0
                    ? "—"
                    : cl.reputation.totalPaid.map((m) => formatMoney(m.amountMinor, m.currency))
                      .join(" · ")}
                />
                <Metric
                  label="Pays on time"
                  value={pct(cl.reputation.paymentReliability)}
                  hint={`${cl.reputation.milestonesDue} milestone${
                    cl.reputation.milestonesDue === 1 ? "" : "s"
                  } due`}
                />
                <Metric
                  label="Response time"
                  value={cl.reputation.responseTime
                    ? formatDuration(cl.reputation.responseTime.ms)
                    : "—"}
                  hint="to answer a proposal"
                />
                <Metric
                  label="Average rating"
                  value={cl.reputation.averageRating === null
                    ? "—"
                    : cl.reputation.averageRating.toFixed(1)}
                  hint={`${cl.reputation.reviewCount} review${
                    cl.reputation.reviewCount === 1 ? "" : "s"
                  }`}
                />
              </dl>
            )}
          </section>

          {u.bio && (
            <section class="card" aria-labelledby="h-about">
              <h2 id="h-about">About</h2>
              <p class="pre-line">{u.bio}</p>
            </section>
          )}

          {w && w.portfolio.length > 0 && (
            <section class="card" aria-labelledby="h-portfolio">
              <h2 id="h-portfolio">Portfolio</h2>
              <ul class="portfolio-grid">
                {w.portfolio.map((item) => (
                  <li class="portfolio-card">
                    {item.images.length > 0 && (
                      <div class="portfolio-thumbs">
                        {item.images.slice(0, 4).map((img) => (
                          <a href={img.url}>
                            <img
                              src={img.url}
                              alt={`${item.title}: ${img.fileName}`}
                              loading="lazy"
                            />
                          </a>
                        ))}
                      </div>
                    )}
                    <h3>{item.title}</h3>
                    {item.description && <p class="pre-line">{item.description}</p>}
                    {item.link && (
                      <a href={item.link} rel="nofollow ugc noopener noreferrer" class="small-link">
                        {displayHost(item.link)}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}

          {w && w.workHistory.length > 0 && (
            <section class="card" aria-labelledby="h-history">
              <h2 id="h-history">Work history</h2>
              <ul class="history-list">
                {w.workHistory.map((h) => (
                  <li>
                    <div>
                      <p class="history-title">{h.title}</p>
                      <p class="muted">
                        for <a href={`/users/${h.client.id}`}>{h.client.displayName}</a> ·{" "}
                        <DateTime ms={h.startedAt} timeZone={timeZone} /> –{" "}
                        <DateTime ms={h.completedAt} timeZone={timeZone} />
                      </p>
                    </div>
                    <span class="history-amount">
                      {formatMoney(h.released.amountMinor, h.released.currency)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section class="card" id="reviews" aria-labelledby="h-reviews">
            <h2 id="h-reviews">Reviews</h2>
            {data.reviews.length === 0
              ? <p class="muted">No reviews to show yet.</p>
              : (
                <ul class="review-list">
                  {data.reviews.map((r) => (
                    <li class="review">
                      <div class="review-head">
                        <RatingStars rating={r.rating} />
                        <span class="muted">
                          <a href={`/users/${r.author.id}`}>{r.author.displayName}</a> ·{" "}
                          <DateTime ms={r.createdAt} timeZone={timeZone} />
                        </span>
                      </div>
                      <p class="review-contract muted">{r.contractTitle}</p>
                      <p class="pre-line">{r.body}</p>
                    </li>
                  ))}
                </ul>
              )}
            {data.nextReviews && (
              <p>
                <a
                  class="button button-secondary button-small"
                  href={`${url.pathname}?reviews=${encodeURIComponent(data.nextReviews)}#reviews`}
                >
                  More reviews
                </a>
              </p>
            )}
          </section>
        </div>

        {hasSide && (
          <aside class="profile-side stack">
            {data.noteState && <NoteCard state={data.noteState} workerId={u.id} url={url} />}
            {w && w.certifications.length > 0 && (
              <section class="card" aria-labelledby="h-certs">
                <h2 id="h-certs">Certifications</h2>
                <ul class="cert-list">
                  {w.certifications.map((cert) => (
                    <li>
                      <p class="cert-name">
                        {cert.url
                          ? (
                            <a href={cert.url} rel="nofollow ugc noopener noreferrer">
                              {cert.name}
                            </a>
                          )
                          : cert.name}
                      </p>
                      <p class="muted">
                        {cert.issuer}
                        {cert.year !== null && ` · ${cert.year}`}
                      </p>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}

const AVAILABILITY = {
  available: "Available",
  busy: "Busy",
  unavailable: "Not taking work",
} as const;

function displayHost(link: string): string {
  try {
    const u = new URL(link);
    return `${u.hostname}${u.pathname === "/" ? "" : u.pathname}`.slice(0, 60);
  } catch {
    return "Link";
  }
}

function NoteCard({ state, workerId, url }: { state: NoteState; workerId: string; url: URL }) {
  const flash = url.searchParams.get("note");
  return (
    <section class="card note-card" id="note" aria-labelledby="h-note">
      <h2 id="h-note">Private note</h2>
      <p class="muted meta-text">Only you can see this. The worker never does.</p>
      {flash === "saved" && <Notice kind="success">Note saved.</Notice>}
      {flash === "deleted" && <Notice kind="success">Note deleted.</Notice>}
      <form method="post" action={`/users/${workerId}`} class="stack">
        <input type="hidden" name="intent" value="note-save" />
        <Field
          name="note"
          label="Note"
          rows={5}
          maxLength={NOTE_MAX}
          value={state.value}
          error={state.errors.note}
          hint={state.note
            ? (
              <>
                Last saved <DateTime ms={state.note.updatedAt} />
              </>
            )
            : `Up to ${NOTE_MAX.toLocaleString("en")} characters.`}
        />
        <div class="form-actions">
          <button type="submit" class="button button-small">Save note</button>
        </div>
      </form>
      {state.note && (
        <form method="post" action={`/users/${workerId}`} class="inline-form">
          <input type="hidden" name="intent" value="note-delete" />
          <button type="submit" class="button button-ghost button-small">Delete note</button>
        </form>
      )}
    </section>
  );
}
