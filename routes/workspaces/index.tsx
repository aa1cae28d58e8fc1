/**
 * Workspaces: the viewer's workspaces (with their join codes), and forms to create one or to
 * join one by its code. Both forms post here and go to the workspace on success.
 */
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { CreateWorkspaceBody, JoinWorkspaceBody, type WorkspaceViewT } from "@/lib/schemas/chat.ts";
import { createWorkspace, joinWorkspace, listWorkspaceViews } from "@/server/chat/workspaces.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { type FieldErrors, formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Workspaces";

interface Data {
  workspaces: WorkspaceViewT[];
  failed: { form: "create" | "join"; errors: FieldErrors; values: Record<string, string> } | null;
}

async function load(c: AppContext, viewer: Viewer, failed: Data["failed"] = null, status?: number) {
  const workspaces = await listWorkspaceViews(c.get("deps").db.orm, viewer.user.id);
  return page<Data>({ workspaces, failed }, { status });
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
    const raw = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") values[k] = v;
    const form = values.intent === "join" ? "join" : "create";
    const parsed = form === "join"
      ? JoinWorkspaceBody.safeParse({ code: values.code ?? "" })
      : CreateWorkspaceBody.safeParse({ name: values.name ?? "" });
    if (!parsed.success) {
      const field = form === "join" ? "code" : "name";
      return load(c, viewer, {
        form,
        errors: { [field]: parsed.error.issues[0]?.message ?? "Check this." },
        values,
      }, 422);
    }
    try {
      const deps = c.get("deps");
      const ws = form === "join"
        ? await joinWorkspace(deps, viewer.user, (parsed.data as { code: string }).code)
        : await createWorkspace(deps, viewer.user, (parsed.data as { name: string }).name);
      return seeOther(c, `/workspaces/${ws.id}?done=${form}`);
    } catch (err) {
      const failure = formFailure(c, err);
      const field = form === "join" ? "code" : "name";
      const message = failure.errors[field] ?? Object.values(failure.errors)[0];
      return load(c, viewer, { form, errors: { [field]: message }, values }, failure.status);
    }
  },
});

export default function WorkspacesPage({ data }: PageProps<Data>) {
  const f = data.failed;
  const err = (form: string, field: string) => (f?.form === form ? f.errors[field] : undefined);
  const val = (form: string, field: string) => (f?.form === form ? f.values[field] : undefined);
  return (
    <div class="container page">
      <header class="page-header">
        <p class="eyebrow">Messages</p>
        <h1>Workspaces</h1>
        <p class="muted">
          A workspace gathers a team in channels. Share its join code with the people you work with.
        </p>
      </header>
      <div class="ws-grid">
        <section aria-labelledby="ws-list-title">
          <h2 id="ws-list-title" class="h3">Your workspaces</h2>
          {data.workspaces.length === 0
            ? <p class="muted">You are not in a workspace yet. Create one or join with a code.</p>
            : (
              <ul class="ws-list">
                {data.workspaces.map((w) => (
                  <li class="card ws-item">
                    <div>
                      <h3>
                        <a href={`/workspaces/${w.id}`}>{w.name}</a>
                      </h3>
                      <p class="muted meta-text">
                        {w.memberCount} member{w.memberCount === 1 ? "" : "s"} · you are {w.role}
                        {" "}
                        · code <span class="ws-code">{w.joinCode}</span>
                      </p>
                    </div>
                    {w.generalChannelId && (
                      <a
                        class="button button-secondary button-small"
                        href={`/messages/${w.generalChannelId}`}
                      >
                        Open #general
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            )}
        </section>
        <div class="stack">
          <form method="post" action="/workspaces" class="card stack" aria-labelledby="ws-create">
            <h2 id="ws-create" class="h3">Create a workspace</h2>
            <input type="hidden" name="intent" value="create" />
            <Field
              name="name"
              label="Name"
              required
              maxLength={80}
              value={val("create", "name")}
              error={err("create", "name")}
            />
            <button type="submit" class="button">Create workspace</button>
          </form>
          <form method="post" action="/workspaces" class="card stack" aria-labelledby="ws-join">
            <h2 id="ws-join" class="h3">Join with a code</h2>
            <input type="hidden" name="intent" value="join" />
            <Field
              name="code"
              label="Join code"
              required
              maxLength={8}
              placeholder="8 letters and digits"
              value={val("join", "code")}
              error={err("join", "code")}
            />
            {f?.form === "join" && f.errors._form && <Notice kind="error">{f.errors._form}</Notice>}
            <button type="submit" class="button button-secondary">Join workspace</button>
          </form>
        </div>
      </div>
    </div>
  );
}
