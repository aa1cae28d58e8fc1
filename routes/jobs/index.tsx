import { Notice } from "@/components/Notice.tsx";
import JobSearch from "@/islands/JobSearch.tsx";
import type { JobSummaryView } from "@/lib/schemas/jobs.ts";
import { JobSearchQuery } from "@/lib/schemas/search.ts";
import { apiFieldToPage, pageParamsToApi } from "@/lib/search_params.ts";
import { HttpError } from "@/server/errors.ts";
import { searchJobs } from "@/server/marketplace/search.ts";
import { definePage, page, type PageProps } from "@/server/web/page.ts";

export const title = "Find work";

interface Data {
  values: Record<string, string>;
  errors: Record<string, string>;
  results: JobSummaryView[];
  nextCursor: string | null;
  now: number;
}

/** Only these page fields are read; anything else in the URL is ignored, not an error. */
const FIELDS = [
  "q",
  "category",
  "sort",
  "skills",
  "min",
  "max",
  "currency",
  "remote",
  "lat",
  "lng",
  "radiusKm",
  "postedWithin",
  "minClientRating",
  "cursor",
];

export const handler = definePage<Data>({
  async GET(c) {
    const { db, clock } = c.get("deps");
    const url = new URL(c.req.url);
    const values: Record<string, string> = {};
    for (const f of FIELDS) {
      const v = url.searchParams.get(f)?.trim().slice(0, 500);
      if (v) values[f] = v;
    }
    const now = clock.now();
    const { params, errors } = pageParamsToApi(values, "job");
    let results: JobSummaryView[] = [];
    let nextCursor: string | null = null;
    if (Object.keys(errors).length === 0) {
      const parsed = JobSearchQuery.safeParse(params);
      if (parsed.success) {
        try {
          const found = await searchJobs(db.orm, parsed.data, {
            now,
            viewerId: c.get("viewer")?.user.id ?? null,
          });
          results = found.items;
          nextCursor = found.nextCursor;
        } catch (err) {
          if (!(err instanceof HttpError) || err.status !== 422) throw err;
          errors._form = "This page link has expired. Start again from the first page.";
        }
      } else {
        for (const issue of parsed.error.issues) {
          errors[apiFieldToPage(issue.path.map(String).join("."), "job")] ??= issue.message;
        }
      }
    }
    const { cursor: _cursor, ...formValues } = values;
    return page<Data>({ values: formValues, errors, results, nextCursor, now });
  },
});

export default function Jobs({ data, url, viewer }: PageProps<Data>) {
  return (
    <div class="container page">
      <header class="page-header page-header-row">
        <div>
          <h1>Find work</h1>
          <p class="muted">Open tasks from clients near you and online. No fees, ever.</p>
        </div>
        {viewer?.role === "client" && <a class="button" href="/jobs/new">Post a task</a>}
      </header>
      {url.searchParams.get("deleted") && (
        <Notice kind="success" title="Task deleted">It no longer appears in search.</Notice>
      )}
      {url.searchParams.get("cursor") && (
        <p class="muted">
          <a href={`/jobs?${new URLSearchParams(data.values)}`}>Back to the first page</a>
        </p>
      )}
      <JobSearch
        values={data.values}
        errors={data.errors}
        results={data.results}
        nextCursor={data.nextCursor}
        now={data.now}
        signedIn={viewer !== null}
      />
    </div>
  );
}
