/**
 * /reviews/<contractId>: a party of a completed contract reviews the other side (form, no
 * JavaScript needed), and sees both reviews once they are visible. The contract page links
 * here ("Leave a review"); the rules are the same use case as POST /api/v1/contracts/:id/reviews.
 */
import { eq } from "drizzle-orm";
import { DateTime } from "@/components/DateTime.tsx";
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { RatingStars } from "@/components/RatingStars.tsx";
import { users } from "@/db/schema.ts";
import { contracts } from "@/db/schema_contracts.ts";
import { Id, REVIEW_BODY_MAX, REVIEW_BODY_MIN, ReviewBody } from "@/lib/schemas/social.ts";
import { notFound } from "@/server/errors.ts";
import {
  type ContractReviewState,
  createReview,
  getContractReviewState,
} from "@/server/reviews/reviews.ts";
import type { AppContext } from "@/server/web/context.ts";
import { type FieldErrors, formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";

export const title = "Review";

interface Data {
  contractId: string;
  contractTitle: string;
  other: { id: string; displayName: string };
  state: ContractReviewState;
  values: Record<string, string>;
  errors: FieldErrors;
  timeZone: string | null;
}

async function load(
  c: AppContext,
  form: { values?: Record<string, string>; errors?: FieldErrors } = {},
  status?: number,
) {
  const viewer = c.get("viewer")!;
  const { db, clock } = c.get("deps");
  const id = Id.safeParse(c.req.param("id"));
  if (!id.success) throw notFound("This contract");
  // The access check (parties only, 404 otherwise) comes first.
  const state = await getContractReviewState(db.orm, id.data, viewer.user.id, clock.now());
  const [contract] = await db.orm.select().from(contracts).where(eq(contracts.id, id.data));
  const otherId = contract.clientId === viewer.user.id ? contract.workerId : contract.clientId;
  const [other] = await db.orm.select({ id: users.id, displayName: users.displayName })
    .from(users).where(eq(users.id, otherId));
  return page<Data>({
    contractId: contract.id,
    contractTitle: contract.title,
    other,
    state,
    values: form.values ?? {},
    errors: form.errors ?? {},
    timeZone: viewer.user.timezone,
  }, { status, title: `Review ${other.displayName}` });
}

export const handler = definePage<Data>({
  GET(c) {
    if (!c.get("viewer")) return signInRedirect(c);
    return load(c);
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const form = await parseForm(c, ReviewBody, (f) => ({
      rating: /^[1-5]$/.test(f.rating ?? "") ? Number(f.rating) : f.rating ?? null,
      body: f.body ?? "",
    }));
    if (!form.ok) return load(c, { values: form.values, errors: form.errors }, 422);
    const id = c.req.param("id") ?? "";
    try {
      await createReview(c.get("deps"), viewer.user.id, id, form.data);
    } catch (err) {
      const failure = formFailure(c, err);
      if (failure.status === 404) throw err;
      return load(c, { values: {}, errors: failure.errors }, failure.status);
    }
    return seeOther(c, `/reviews/${encodeURIComponent(id)}?sent=1`);
  },
});

export default function ReviewPage({ data, url }: PageProps<Data>) {
  const { state, other, errors: e, values } = data;
  const theirsLabel = `${other.displayName}'s review of you`;
  return (
    <div class="container page page-narrow">
      <header class="page-header">
        <p class="eyebrow">
          <a href={`/contracts/${data.contractId}`}>{data.contractTitle}</a> / Review
        </p>
        <h1>Review {other.displayName}</h1>
        <p class="muted">
          Reviews stay hidden until you have both reviewed, or until {state.revealAt
            ? <DateTime ms={state.revealAt} timeZone={data.timeZone} />
            : "14 days after completion"}, whichever comes first.
        </p>
      </header>
      {url.searchParams.get("sent") === "1" && (
        <Notice kind="success" title="Thank you">Your review is saved.</Notice>
      )}
      {e._form && <Notice kind="error">{e._form}</Notice>}

      {state.mine
        ? (
          <section class="card review-card" aria-labelledby="h-mine">
            <h2 id="h-mine">Your review</h2>
            <RatingStars rating={state.mine.rating} />
            <p class="pre-line">{state.mine.body}</p>
          </section>
        )
        : state.canReview
        ? (
          <section class="card" aria-labelledby="h-form">
            <h2 id="h-form">How was working with {other.displayName}?</h2>
            <form method="post" action={`/reviews/${data.contractId}`} class="stack">
              <fieldset class={`fieldset rating-pick${e.rating ? " has-error" : ""}`}>
                <legend>Rating</legend>
                <div class="rating-options">
                  {[5, 4, 3, 2, 1].map((n) => (
                    <label key={n}>
                      <input
                        type="radio"
                        name="rating"
                        value={String(n)}
                        required
                        checked={values.rating === String(n)}
                      />
                      <span>{"★".repeat(n)}</span>
                      <span class="visually-hidden">{n} star{n === 1 ? "" : "s"}</span>
                    </label>
                  ))}
                </div>
                {e.rating && <p class="field-error" id="f-rating-error">{e.rating}</p>}
              </fieldset>
              <Field
                name="body"
                label="Your review"
                rows={6}
                required
                maxLength={REVIEW_BODY_MAX}
                hint={`${REVIEW_BODY_MIN} to ${REVIEW_BODY_MAX.toLocaleString("en")} characters.`}
                value={values.body}
                error={e.body}
              />
              <div class="form-actions">
                <button type="submit" class="button">Send review</button>
              </div>
            </form>
          </section>
        )
        : (
          <Notice kind="info">
            You can review once the contract is completed (every milestone released).
          </Notice>
        )}

      <section class="card review-card" aria-labelledby="h-theirs">
        <h2 id="h-theirs">{theirsLabel}</h2>
        {state.theirs
          ? (
            <>
              <RatingStars rating={state.theirs.rating} />
              <p class="pre-line">{state.theirs.body}</p>
            </>
          )
          : (
            <p class="muted">
              {state.theirsSubmitted
                ? "They have reviewed you. You will see it once you review them too, or when the waiting period ends."
                : "Not in yet."}
            </p>
          )}
      </section>
    </div>
  );
}
