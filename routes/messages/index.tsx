/**
 * Messages: every conversation of the viewer — DMs and job threads (with the job's title),
 * then channels grouped by workspace — with unread badges, presence dots, the last message and
 * its time. On wide screens the right side invites picking one; on a phone the list is the page.
 */
import MessagesList, { type ListItem, toListItem } from "@/islands/MessagesList.tsx";
import { Icon } from "@/components/Icon.tsx";
import { listConversationSummaries } from "@/server/chat/conversations.ts";
import { listWorkspaceViews } from "@/server/chat/workspaces.ts";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps } from "@/server/web/page.ts";

export const title = "Messages";

interface Data {
  list: ListItem[];
  workspaces: { id: string; name: string }[];
  timeZone: string | null;
  now: number;
}

export const handler = definePage<Data>({
  async GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const deps = c.get("deps");
    const [summaries, workspaces] = await Promise.all([
      listConversationSummaries(deps, viewer.user.id),
      listWorkspaceViews(deps.db.orm, viewer.user.id),
    ]);
    return page<Data>({
      list: summaries.map((s) => toListItem(s, viewer.user.id)),
      workspaces: workspaces.map((w) => ({ id: w.id, name: w.name })),
      timeZone: viewer.user.timezone ?? null,
      now: deps.clock.now(),
    });
  },
});

export default function MessagesPage({ data, viewer }: PageProps<Data>) {
  return (
    <div class="container chat-page">
      <div class="chat-layout is-index">
        <section class="chat-sidebar" aria-labelledby="messages-title">
          <div class="chat-sidebar-head">
            <h1 id="messages-title">Messages</h1>
            <a class="small-link" href="/workspaces">Workspaces</a>
          </div>
          <MessagesList
            items={data.list}
            workspaces={data.workspaces}
            viewerId={viewer!.id}
            activeId={null}
            now={data.now}
            timeZone={data.timeZone}
          />
        </section>
        <div class="chat-main chat-placeholder">
          <Icon name="chat" size={40} />
          <p>Choose a conversation, or start one from someone's profile, a job or a contract.</p>
          <p>
            Working as a team? <a href="/workspaces">Create or join a workspace</a>.
          </p>
        </div>
      </div>
    </div>
  );
}
