import { NearPlaceFields } from "@/components/NearPlaceFields.tsx";
import { Field } from "@/components/Field.tsx";
import { Icon } from "@/components/Icon.tsx";
import { BUDGET_CURRENCIES, formatAmount } from "@/lib/job_display.ts";
import { WorkerSearchQuery, type WorkerSummaryView } from "@/lib/schemas/search.ts";
import { apiFieldToPage, pageParamsToApi, toQueryString } from "@/lib/search_params.ts";
import { HttpError } from "@/server/errors.ts";
import { searchWorkers } from "@/server/marketplace/search.ts";
import { definePage, page, type PageProps } from "@/server/web/page.ts";

export const title = "Find workers";

interface Data {
  values: Record<string, string>;
  errors: Record<string, string>;
  results: WorkerSummaryView[];
  nextCursor: string | null;
}

const FIELDS = [
  "q",
  "skills",
  "availability",
  "rateFrom",
  "rateTo",
  "currency",
  "minRating",
  "lat",
  "lng",
  "radiusKm",
  "sort",
  "cursor",
];

export const handler = definePage<Data>({
  async GET(c) {
    const url = new URL(c.req.url);
    const values: Record<string, string> = {};
    for (const f of FIELDS) {
      const v = url.searchParams.get(f)?.trim().slice(0, 500);
      if (v) values[f] = v;
    }
    const { params, errors } = pageParamsToApi(values, "worker");
    let results: WorkerSummaryView[] = [];
    let nextCursor: string | null = null;
    if (Object.keys(errors).length === 0) {
      const parsed = WorkerSearchQuery.safeParse(params);
      if (parsed.success) {
        try {
          const found = await searchWorkers(c.get("deps").db.orm, parsed.data);
          results = found.items;
          nextCursor = found.nextCursor;
        } catch (err) {
          if (!(err instanceof HttpError) || err.status !== 422) throw err;
          errors.q = "This page link has expired. Search again.";
        }
      } else {
        for (const issue of parsed.error.issues) {
          errors[apiFieldToPage(issue.path.map(String).join("."), "worker")] ??= issue.message;
        }
      }
    }
    const { cursor: _c, ...formValues } = values;
    return page<Data>({ values: formValues, errors, results, nextCursor });
  },
});

function WorkerCard({ w }: { w: WorkerSummaryView }) {
  return (
    <article class="job-card worker-card">
      <div class="job-card-head">
        <h3 class="job-card-title">
          <a href={`/users/${w.id}`}>{w.displayName}</a>
        </h3>
        {w.hourlyRate && (
          <p class="job-card-budget">
            {w.hourlyRate.currency} {formatAmount(w.hourlyRate.amountMinor, w.hourlyRate.currency)}
            {" "}
            /h
          </p>
        )}
      </div>
      {w.headline && <p class="job-card-excerpt">{w.headline}</p>}
      <p class="job-card-meta">
        <span class="job-place">
          <Icon name="pin" size={16} />{" "}
          {w.location ? w.location.name || "Location set" : "Anywhere"}
          {w.distanceKm !== undefined && w.distanceKm !== null && ` · ${w.distanceKm} km away`}
        </span>
        <span>
          <Icon name="star" size={16} /> {w.rating.average !== null
            ? `${w.rating.average.toFixed(1)} (${w.rating.count})`
            : "No reviews yet"}
        </span>
        <span class={`badge${w.availability === "available" ? " badge-success" : ""}`}>
          {w.availability === "available"
            ? "Available"
            : w.availability === "busy"
            ? "Busy"
            : "Unavailable"}
        </span>
      </p>
      {w.skills.length > 0 && (
        <ul class="job-skills" aria-label="Skills">
          {w.skills.slice(0, 8).map((s) => <li key={s} class="job-skill">{s}</li>)}
        </ul>
      )}
    </article>
  );
}

export default function Workers({ data }: PageProps<Data>) {
  const v = data.values, e = data.errors;
  const select = (name: string, label: string, options: [string, string][]) => (
    <div class={`field${e[name] ? " has-error" : ""}`}>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        {options.map(([value, text]) => (
          <option value={value} selected={(v[name] ?? "") === value}>{text}</option>
        ))}
      </select>
      {e[name] && <p class="field-error" id={`f-${name}-error`}>{e[name]}</p>}
    </div>
  );
  const advanced = ["skills", "rateFrom", "rateTo", "minRating", "lat", "lng"].some((k) => v[k]);
  return (
    <div class="container page">
      <header class="page-header">
        <h1>Find workers</h1>
        <p class="muted">People who do the work, rated by the clients they did it for.</p>
      </header>
      <div class="job-search">
        <form
          method="get"
          action="/workers"
          class="search-filters card"
          role="search"
          aria-label="Search workers"
        >
          <Field
            name="q"
            label="Search workers"
            type="search"
            placeholder="e.g. plumber, React"
            maxLength={200}
            value={v.q}
            error={e.q}
          />
          {select("availability", "Availability", [["", "Anyone"], ["available", "Available now"], [
            "busy",
            "Busy",
          ]])}
          {select("sort", "Sort by", [["", "Best match"], ["rating", "Rating"], [
            "rate",
            "Lowest rate",
          ], ["distance", "Nearest"]])}
          <details class="filter-more" open={advanced}>
            <summary>More filters</summary>
            <div class="stack">
              <Field
                name="skills"
                label="Skills"
                placeholder="tiling, figma"
                hint="Any of these, separated by commas."
                value={v.skills}
                error={e.skills}
              />
              <fieldset class="fieldset">
                <legend>Hourly rate</legend>
                <div class="field-row field-row-3">
                  <Field
                    name="rateFrom"
                    label="From"
                    inputMode="decimal"
                    value={v.rateFrom}
                    error={e.rateFrom}
                  />
                  <Field
                    name="rateTo"
                    label="To"
                    inputMode="decimal"
                    value={v.rateTo}
                    error={e.rateTo}
                  />
                  {select("currency", "Currency", BUDGET_CURRENCIES.map((c) => [c, c]))}
                </div>
              </fieldset>
              {select("minRating", "Rating", [["", "Any"], ["3", "3+ stars"], ["4", "4+ stars"], [
                "4.5",
                "4.5+ stars",
              ]])}
              <NearPlaceFields lat={v.lat} lng={v.lng} latError={e.lat}>
                {select("radiusKm", "Within", [["", "25 km"], ["5", "5 km"], ["10", "10 km"], [
                  "50",
                  "50 km",
                ], ["100", "100 km"]])}
              </NearPlaceFields>
            </div>
          </details>
          <div class="form-actions">
            <button type="submit" class="button">Search</button>
            {toQueryString(v) && <a class="button button-ghost" href="/workers">Clear</a>}
          </div>
        </form>
        <section class="search-results" aria-live="polite">
          {data.results.length === 0
            ? (
              <div class="empty-state card">
                <h2>No workers match</h2>
                <p class="muted">Try fewer words or a larger radius.</p>
              </div>
            )
            : (
              <ol class="job-list">
                {data.results.map((w) => (
                  <li>
                    <WorkerCard w={w} />
                  </li>
                ))}
              </ol>
            )}
          {data.nextCursor && (
            <nav class="results-pager" aria-label="More results">
              <a
                class="button button-secondary"
                rel="next"
                href={`/workers?${toQueryString({ ...v, cursor: data.nextCursor })}`}
              >
                Next page
              </a>
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}
