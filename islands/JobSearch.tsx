/**
 * The job search page's form and results. Rendered on the server it is a plain GET form with
 * result cards and a "Next page" link, which is all a browser without JavaScript needs. Once
 * hydrated, typing or changing a filter fetches GET /api/v1/jobs (debounced), replaces the
 * results in place and keeps the address bar in step with history.replaceState.
 */
import { NearPlaceFields } from "@/components/NearPlaceFields.tsx";
import { useEffect, useRef, useState } from "preact/hooks";
import { Field } from "@/components/Field.tsx";
import { JobCard } from "@/components/JobCard.tsx";
import { BUDGET_CURRENCIES, CATEGORIES, CATEGORY_LABELS } from "@/lib/job_display.ts";
import type { JobSummaryView } from "@/lib/schemas/jobs.ts";
import { apiFieldToPage, pageParamsToApi, toQueryString } from "@/lib/search_params.ts";

export interface JobSearchProps {
  values: Record<string, string>;
  errors: Record<string, string>;
  results: JobSummaryView[];
  nextCursor: string | null;
  /** Server time at render, so relative times hydrate identically. */
  now: number;
  signedIn: boolean;
}

const ADVANCED = [
  "skills",
  "min",
  "max",
  "remote",
  "lat",
  "lng",
  "postedWithin",
  "minClientRating",
];
const DEBOUNCE_MS = 250;

export default function JobSearch(props: JobSearchProps) {
  const [values, setValues] = useState(props.values);
  const [errors, setErrors] = useState(props.errors);
  const [results, setResults] = useState(props.results);
  const [nextCursor, setNextCursor] = useState(props.nextCursor);
  const [now, setNow] = useState(props.now);
  const [loading, setLoading] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<AbortController>();

  useEffect(() => () => clearTimeout(timer.current), []);

  function readForm(): Record<string, string> {
    const out: Record<string, string> = {};
    const data = new FormData(formRef.current!);
    for (const [k, v] of data) if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
    // The currency select always has a value; it only means something with an amount.
    if (!out.min && !out.max) delete out.currency;
    return out;
  }

  async function refresh() {
    const page = readForm();
    setValues(page);
    history.replaceState(null, "", `/jobs${toQueryString(page) ? `?${toQueryString(page)}` : ""}`);
    const { params, errors: local } = pageParamsToApi(page, "job");
    if (Object.keys(local).length) return setErrors(local);
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLoading(true);
    try {
      const res = await fetch(`/api/v1/jobs?${toQueryString(params)}`, {
        headers: { accept: "application/json" },
        signal: controller.signal,
      });
      const body = await res.json();
      if (res.ok) {
        setErrors({});
        setResults(body.items);
        setNextCursor(body.nextCursor);
        setNow(Date.now());
      } else {
        const mapped: Record<string, string> = {};
        for (const e of body.errors ?? []) mapped[apiFieldToPage(e.path, "job")] ??= e.message;
        setErrors(Object.keys(mapped).length ? mapped : { _form: body.detail ?? "Search failed." });
      }
    } catch (err) {
      if ((err as Error).name !== "AbortError") setErrors({ _form: "Search is not reachable." });
    } finally {
      if (inFlight.current === controller) setLoading(false);
    }
  }

  function schedule() {
    clearTimeout(timer.current);
    timer.current = setTimeout(refresh, DEBOUNCE_MS);
  }

  const v = values;
  const qs = toQueryString(v);
  const hasAdvanced = ADVANCED.some((k) => v[k]);
  const select = (
    name: string,
    label: string,
    options: [string, string][],
  ) => (
    <div class={`field${errors[name] ? " has-error" : ""}`}>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        {options.map(([value, text]) => (
          <option value={value} selected={(v[name] ?? "") === value}>{text}</option>
        ))}
      </select>
      {errors[name] && <p class="field-error" id={`f-${name}-error`}>{errors[name]}</p>}
    </div>
  );

  return (
    <div class="job-search">
      <form
        ref={formRef}
        method="get"
        action="/jobs"
        class="search-filters card"
        role="search"
        aria-label="Search tasks"
        onInput={schedule}
        onChange={schedule}
        onSubmit={(e) => {
          e.preventDefault();
          clearTimeout(timer.current);
          refresh();
        }}
      >
        <Field
          name="q"
          label="Search tasks"
          type="search"
          placeholder="e.g. tiling, logo, React"
          maxLength={200}
          value={v.q}
          error={errors.q}
        />
        {select("category", "Category", [
          ["", "All categories"],
          ...CATEGORIES.map((c): [string, string] => [c, CATEGORY_LABELS[c]]),
        ])}
        {select("sort", "Sort by", [
          ["", "Best match"],
          ["recent", "Newest"],
          ["budget", "Highest budget"],
          ["distance", "Nearest"],
        ])}
        <details class="filter-more" open={hasAdvanced}>
          <summary>More filters</summary>
          <div class="stack">
            <Field
              name="skills"
              label="Skills"
              placeholder="plumbing, figma"
              hint="Any of these, separated by commas."
              value={v.skills}
              error={errors.skills}
            />
            <fieldset class="fieldset">
              <legend>Budget</legend>
              <div class="field-row field-row-3">
                <Field
                  name="min"
                  label="From"
                  inputMode="decimal"
                  value={v.min}
                  error={errors.min}
                />
                <Field name="max" label="To" inputMode="decimal" value={v.max} error={errors.max} />
                {select("currency", "Currency", BUDGET_CURRENCIES.map((c) => [c, c]))}
              </div>
            </fieldset>
            {select("remote", "Where", [["", "Remote and on-site"], ["true", "Remote only"], [
              "false",
              "On-site only",
            ]])}
            <NearPlaceFields lat={v.lat} lng={v.lng} latError={errors.lat}>
              {select("radiusKm", "Within", [
                ["", "25 km"],
                ["5", "5 km"],
                ["10", "10 km"],
                [
                  "50",
                  "50 km",
                ],
                ["100", "100 km"],
                ["250", "250 km"],
              ])}
            </NearPlaceFields>
            {select("postedWithin", "Posted", [["", "Any time"], ["1", "Last 24 hours"], [
              "7",
              "Last 7 days",
            ], ["30", "Last 30 days"]])}
            {select("minClientRating", "Client rating", [["", "Any"], ["3", "3+ stars"], [
              "4",
              "4+ stars",
            ], ["4.5", "4.5+ stars"]])}
          </div>
        </details>
        <div class="form-actions">
          <button type="submit" class="button">Search</button>
          {qs && <a class="button button-ghost" href="/jobs">Clear</a>}
        </div>
      </form>

      <div class="search-side">
        <section
          class="search-results"
          aria-live="polite"
          aria-busy={loading ? "true" : "false"}
          data-state={loading ? "loading" : "idle"}
          data-query={qs}
        >
          {errors._form && <p class="notice notice-error">{errors._form}</p>}
          {results.length === 0
            ? (
              <div class="empty-state card">
                <h2>No tasks match</h2>
                <p class="muted">Try fewer words, another category or a larger radius.</p>
              </div>
            )
            : (
              <>
                <p class="results-count muted">
                  {results.length === 1 ? "1 task" : `${results.length} tasks`}
                  {nextCursor ? " on this page" : ""}
                </p>
                <ol class="job-list">
                  {results.map((job) => (
                    <li>
                      <JobCard job={job} now={now} />
                    </li>
                  ))}
                </ol>
              </>
            )}
          {nextCursor && (
            <nav class="results-pager" aria-label="More results">
              <a
                class="button button-secondary"
                rel="next"
                href={`/jobs?${toQueryString({ ...v, cursor: nextCursor })}`}
              >
                Next page
              </a>
            </nav>
          )}
        </section>

        {props.signedIn && (
          <form method="post" action="/saved-searches" class="save-search card">
            <input type="hidden" name="intent" value="create" />
            {Object.entries(v).filter(([k]) => k !== "cursor").map(([k, value]) => (
              <input type="hidden" name={`f_${k}`} value={value} />
            ))}
            <label for="f-save-name">Save this search</label>
            <div class="save-search-row">
              <input
                id="f-save-name"
                name="name"
                required
                maxLength={80}
                placeholder="e.g. Tiling near home"
              />
              <button type="submit" class="button button-secondary">Save</button>
            </div>
            <p class="field-hint">We will tell you when a new task matches.</p>
          </form>
        )}
      </div>
    </div>
  );
}
