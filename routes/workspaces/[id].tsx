/**
 * A workspace: its channels (public ones to join or leave, private ones the viewer is in), a
 * form to create a channel, and the join code to share. It also takes the channel forms of
 * the thread page (invite, leave). Non-members get the 404 page.
 */
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { ChannelName, type ChannelViewT, ChatId, type WorkspaceViewT } from "@/lib/schemas/chat.ts";
import {
  createChannel,
  inviteToChannel,
  joinChannel,
  leaveChannel,
  listChannels,
} from "@/server/chat/channels.ts";
import { listWorkspaceViews } from "@/server/chat/workspaces.ts";
import { notFound } from "@/server/errors.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { type FieldErrors, formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Workspace";

interface Data {
  workspace: WorkspaceViewT;
  channels: ChannelViewT[];
  failed: { errors: FieldErrors; values: Record<string, string> } | null;
}

async function load(c: AppContext, viewer: Viewer, failed: Data["failed"] = null, status?: number) {
  const db = c.get("deps").db.orm;
  const id = ChatId.safeParse(c.req.param("id"));
  const [workspace] = id.success ? await listWorkspaceViews(db, viewer.user.id, [id.data]) : [];
  if (!workspace) throw notFound("This workspace");
  const channels = await listChannels(db, viewer.user.id, workspace.id);
  return page<Data>({ workspace, channels, failed }, { title: workspace.name, status });
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
    const { workspace } = (await load(c, viewer)).data;
    const raw = await c.req.parseBody();
    const v: Record<string, string> = {};
    for (const [k, x] of Object.entries(raw)) if (typeof x === "string") v[k] = x;
    const deps = c.get("deps");
    const user = viewer.user;
    try {
      switch (v.intent) {
        case "create-channel": {
          const name = ChannelName.safeParse(v.name ?? "");
          if (!name.success) {
            return load(
              c,
              viewer,
              { errors: { name: name.error.issues[0].message }, values: v },
              422,
            );
          }
          const ch = await createChannel(deps, user, workspace.id, {
            name: name.data,
            isPrivate: v.isPrivate === "on" || v.isPrivate === "true",
          });
          return seeOther(c, `/messages/${ch.id}`);
        }
        case "join":
          await joinChannel(deps, user, v.channelId ?? "");
          return seeOther(c, `/messages/${encodeURIComponent(v.channelId ?? "")}`);
        case "leave":
          await leaveChannel(deps, user, v.channelId ?? "");
          return seeOther(c, `/workspaces/${workspace.id}?done=left`);
        case "invite":
          await inviteToChannel(deps, user, v.channelId ?? "", v.userId ?? "");
          return seeOther(c, `/messages/${encodeURIComponent(v.channelId ?? "")}?done=invited`);
      }
      return load(c, viewer, { errors: { _form: "Choose what to do." }, values: v }, 422);
    } catch (err) {
      const failure = formFailure(c, err);
      const errors = v.intent === "create-channel" && failure.errors._form
        ? { name: failure.errors._form }
        : failure.errors;
      return load(c, viewer, { errors, values: v }, failure.status);
    }
  },
});

const DONE: Record<string, string> = {
  create: "Workspace created. Share the join code with your team.",
  join: "You joined the workspace. Say hello in #general.",
  left: "You left the channel.",
};

export default function WorkspacePage({ data, url }: PageProps<Data>) {
  const w = data.workspace;
  const e = data.failed?.errors ?? {};
  const done = DONE[url.searchParams.get("done") ?? ""];
  return (
    <div class="container page">
      <header class="page-header">
        <p class="eyebrow">
          <a href="/workspaces">Workspaces</a>
        </p>
        <h1>{w.name}</h1>
        <p class="muted">
          {w.memberCount} member{w.memberCount === 1 ? "" : "s"} · you are {w.role} · join code{" "}
          <span class="ws-code">{w.joinCode}</span>
        </p>
      </header>
      {done && <Notice kind="success">{done}</Notice>}
      {e._form && <Notice kind="error">{e._form}</Notice>}
      <div class="ws-grid">
        <section aria-labelledby="channels-title">
          <h2 id="channels-title" class="h3">Channels</h2>
          <ul class="channel-list">
            {data.channels.map((ch) => (
              <li class="card channel-item" data-channel-id={ch.id}>
                <div>
                  <h3>
                    {ch.isMember
                      ? <a href={`/messages/${ch.id}`}>{ch.isPrivate ? "🔒 " : "#"}{ch.name}</a>
                      : <span>{ch.isPrivate ? "🔒 " : "#"}{ch.name}</span>}
                  </h3>
                  <p class="muted meta-text">
                    {ch.isPrivate ? "Private" : "Public"} · {ch.memberCount} member
                    {ch.memberCount === 1 ? "" : "s"}
                    {ch.unread > 0 && (
                      <>
                        · <strong>{ch.unread} unread</strong>
                      </>
                    )}
                  </p>
                </div>
                <div class="channel-actions">
                  {ch.isMember
                    ? (
                      <>
                        <a class="button button-secondary button-small" href={`/messages/${ch.id}`}>
                          Open
                        </a>
                        {ch.name !== "general" && (
                          <form method="post" action={`/workspaces/${w.id}`}>
                            <input type="hidden" name="intent" value="leave" />
                            <input type="hidden" name="channelId" value={ch.id} />
                            <button type="submit" class="button button-ghost button-small">
                              Leave
                            </button>
                          </form>
                        )}
                      </>
                    )
                    : (
                      <form method="post" action={`/workspaces/${w.id}`}>
                        <input type="hidden" name="intent" value="join" />
                        <input type="hidden" name="channelId" value={ch.id} />
                        <button type="submit" class="button button-small">Join</button>
                      </form>
                    )}
                </div>
              </li>
            ))}
          </ul>
        </section>
        <form
          method="post"
          action={`/workspaces/${w.id}`}
          class="card stack"
          aria-labelledby="new-channel"
        >
          <h2 id="new-channel" class="h3">Create a channel</h2>
          <input type="hidden" name="intent" value="create-channel" />
          <Field
            name="name"
            label="Name"
            required
            maxLength={80}
            placeholder="e.g. design"
            hint="Lowercase letters, digits, - and _."
            value={data.failed?.values.name}
            error={e.name}
          />
          <label class="check">
            <input
              type="checkbox"
              name="isPrivate"
              checked={data.failed?.values.isPrivate === "on"}
            />
            <span>Private: only people invited can see it</span>
          </label>
          <button type="submit" class="button">Create channel</button>
        </form>
      </div>
    </div>
  );
}
