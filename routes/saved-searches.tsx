import { Notice } from "@/components/Notice.tsx";
import { type Category, CATEGORY_LABELS } from "@/lib/job_display.ts";
import type { SavedSearchViewT } from "@/lib/schemas/search.ts";
import {
  apiFieldToPage,
  apiParamsToPage,
  describeJobSearch,
  pageParamsToApi,
  toQueryString,
} from "@/lib/search_params.ts";
import {
  createSavedSearch,
  deleteSavedSearch,
  listSavedSearches,
  toSavedSearchView,
} from "@/server/marketplace/saved_searches.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Saved searches";

interface Data {
  items: SavedSearchViewT[];
  error?: string;
}

async function render(c: AppContext, viewer: Viewer, error?: string, status?: number) {
  const rows = await listSavedSearches(c.get("deps").db.orm, viewer.user.id);
  return page<Data>({ items: rows.map(toSavedSearchView), error }, { status });
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    return viewer ? render(c, viewer) : signInRedirect(c);
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? form[k] as string : "");
    const { db, clock } = c.get("deps");
    try {
      if (text("intent") === "delete") {
        await deleteSavedSearch(db, viewer.user.id, text("id"));
        return seeOther(c, "/saved-searches?deleted=1");
      }
      const pageValues: Record<string, string> = {};
      for (const [k, v] of Object.entries(form)) {
        if (k.startsWith("f_") && typeof v === "string") pageValues[k.slice(2)] = v;
      }
      const { params, errors } = pageParamsToApi(pageValues, "job");
      if (Object.keys(errors).length) {
        return await render(
          c,
          viewer,
          `This search cannot be saved: ${Object.values(errors)[0]}`,
          422,
        );
      }
      await createSavedSearch({ db, now: clock.now() }, viewer.user.id, {
        name: text("name").trim() || "My search",
        query: params,
      });
      return seeOther(c, "/saved-searches?saved=1");
    } catch (err) {
      const failure = formFailure(c, err);
      const [path, message] = Object.entries(failure.errors)[0] ?? ["_form", "Try again."];
      const field = path === "_form" ? "" : `${apiFieldToPage(path, "job")}: `;
      return await render(c, viewer, `${field}${message}`, failure.status);
    }
  },
});

export default function SavedSearches({ data, url }: PageProps<Data>) {
  const label = (c: string) => CATEGORY_LABELS[c as Category] ?? c;
  return (
    <div class="container page jobs-narrow">
      <header class="page-header">
        <h1>Saved searches</h1>
        <p class="muted">We notify you when a newly posted task matches one of these.</p>
      </header>
      {url.searchParams.get("saved") && <Notice kind="success" title="Search saved" />}
      {url.searchParams.get("deleted") && <Notice kind="success" title="Search deleted" />}
      {data.error && <Notice kind="error">{data.error}</Notice>}
      {data.items.length === 0
        ? (
          <section class="empty-state card">
            <h2>No saved searches yet</h2>
            <p class="muted">
              <a href="/jobs">Search for tasks</a> and choose “Save this search”.
            </p>
          </section>
        )
        : (
          <ul class="saved-list">
            {data.items.map((s) => (
              <li class="card saved-item">
                <div>
                  <h2 class="h3">{s.name}</h2>
                  <p class="muted">{describeJobSearch(s.query, label)}</p>
                </div>
                <div class="saved-actions">
                  <a
                    class="button button-secondary button-small"
                    href={`/jobs?${toQueryString(apiParamsToPage(s.query))}`}
                  >
                    Run
                  </a>
                  <form method="post" action="/saved-searches">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={s.id} />
                    <button
                      type="submit"
                      class="button button-ghost button-small"
                      aria-label={`Delete ${s.name}`}
                    >
                      Delete
                    </button>
                  </form>
                </div>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
