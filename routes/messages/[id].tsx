/**
 * One conversation: the list beside it, the header (name, presence, calls), the job card of a
 * job thread, the members of a channel, and the thread. The newest page of messages is server
 * rendered and the composer posts here without JavaScript (the same use case as
 * POST /api/v1/conversations/:id/messages), redirecting back; the islands take over live.
 * Only members see a conversation: anyone else gets the 404 page.
 */
import { ChatJobCard } from "@/components/ChatJobCard.tsx";
import CallPanel from "@/islands/CallPanel.tsx";
import ChatPresence, { type PresenceMember } from "@/islands/ChatPresence.tsx";
import ChatThread from "@/islands/ChatThread.tsx";
import MessagesList, { type ListItem, toListItem } from "@/islands/MessagesList.tsx";
import { ChatId, type ConversationSummaryView, SendMessageBody } from "@/lib/schemas/chat.ts";
import type { MessageView } from "@/lib/chat_protocol.ts";
import { listChannelMembers } from "@/server/chat/channels.ts";
import { getConversationSummary, listConversationSummaries } from "@/server/chat/conversations.ts";
import { conversationNotFound } from "@/server/chat/members.ts";
import { listMessagePage } from "@/server/chat/history.ts";
import { markConversationRead } from "@/server/chat/receipts.ts";
import { sendMessage } from "@/server/chat/send.ts";
import { listWorkspaceViews } from "@/server/chat/workspaces.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Messages";

const PAGE = 50;

interface Data {
  conversation: ConversationSummaryView;
  messages: MessageView[];
  hasMore: boolean;
  list: ListItem[];
  workspaces: { id: string; name: string }[];
  members: PresenceMember[];
  names: Record<string, string>;
  readSeqs: Record<string, number>;
  /** Channels: workspace members who could be invited (not in the channel yet). */
  invitable: { id: string; displayName: string }[];
  timeZone: string | null;
  now: number;
  formMsgId: string;
  value?: string;
  error?: string;
}

async function load(
  c: AppContext,
  viewer: Viewer,
  form: { value?: string; error?: string; formMsgId?: string } = {},
  status?: number,
) {
  const deps = c.get("deps");
  const me = viewer.user;
  const id = ChatId.safeParse(c.req.param("id"));
  if (!id.success) throw conversationNotFound();
  const conversation = await getConversationSummary(deps, me.id, id.data);
  const beforeParam = Number(new URL(c.req.url).searchParams.get("before"));
  const before = Number.isInteger(beforeParam) && beforeParam > 0 ? beforeParam : undefined;
  const [history, summaries, workspaces, channelMembers] = await Promise.all([
    listMessagePage(deps.db.orm, me.id, conversation.id, {
      before,
      limit: PAGE,
    }),
    listConversationSummaries(deps, me.id),
    listWorkspaceViews(deps.db.orm, me.id),
    conversation.kind === "channel" ? listChannelMembers(deps, me, conversation.id) : null,
  ]);
  const memberViews = channelMembers ?? conversation.members;
  let invitable: Data["invitable"] = [];
  const workspace = workspaces.find((w) => w.id === conversation.workspaceId);
  if (workspace?.generalChannelId && workspace.generalChannelId !== conversation.id) {
    // Everyone in a workspace is in #general, so its members are the workspace's members.
    const everyone = await listChannelMembers(deps, me, workspace.generalChannelId);
    const inChannel = new Set(memberViews.map((m) => m.id));
    invitable = everyone.filter((m) => !inChannel.has(m.id))
      .map((m) => ({ id: m.id, displayName: m.displayName }));
  }
  // Opening the thread reads it (for browsers without JavaScript too; the island does it live).
  if (conversation.unread > 0 && before === undefined) {
    await markConversationRead(deps, me, conversation.id, conversation.lastSeq);
  }
  const names: Record<string, string> = {};
  for (const m of memberViews) names[m.id] = m.displayName;
  const readSeqs: Record<string, number> = {};
  if (conversation.kind !== "channel") {
    for (const m of memberViews) if (m.id !== me.id) readSeqs[m.id] = m.lastReadSeq;
  }
  return page<Data>({
    conversation,
    messages: history.items,
    hasMore: history.hasMore,
    list: summaries.map((s) => ({
      ...toListItem(s, me.id),
      ...(s.id === conversation.id ? { unread: 0 } : {}),
    })),
    workspaces: workspaces.map((w) => ({ id: w.id, name: w.name })),
    members: memberViews.map((m) => ({
      id: m.id,
      displayName: m.displayName,
      online: m.online,
      lastSeen: m.lastSeen,
    })),
    names,
    readSeqs,
    invitable,
    timeZone: me.timezone ?? null,
    now: deps.clock.now(),
    formMsgId: form.formMsgId ?? crypto.randomUUID(),
    value: form.value,
    error: form.error,
  }, { title: conversation.title, status });
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
    const id = c.req.param("id") ?? "";
    const raw = await c.req.parseBody();
    const content = typeof raw.content === "string" ? raw.content : "";
    const clientMsgId = typeof raw.clientMsgId === "string" ? raw.clientMsgId : "";
    const parsed = SendMessageBody.safeParse({ clientMsgId, content });
    if (!parsed.success) {
      const error = parsed.error.issues[0]?.message ?? "Write a message.";
      return load(c, viewer, { value: content, error, formMsgId: clientMsgId || undefined }, 422);
    }
    try {
      await sendMessage(c.get("deps"), viewer.user, { conversationId: id, ...parsed.data });
    } catch (err) {
      const failure = formFailure(c, err);
      if (failure.status === 404) throw err;
      const error = failure.errors.content ?? Object.values(failure.errors)[0];
      return load(c, viewer, { value: content, error, formMsgId: clientMsgId }, failure.status);
    }
    return seeOther(c, `/messages/${encodeURIComponent(id)}#composer`);
  },
});

export default function ConversationPage({ data, viewer }: PageProps<Data>) {
  const c = data.conversation;
  const me = viewer!;
  const other = c.kind === "channel" ? undefined : c.members.find((m) => m.id !== me.id);
  const isChannel = c.kind === "channel";
  const workspace = data.workspaces.find((w) => w.id === c.workspaceId);
  return (
    <div class="container chat-page">
      <div class={`chat-layout is-thread${isChannel ? " has-aside" : ""}`}>
        <aside class="chat-sidebar" aria-label="Your conversations">
          <div class="chat-sidebar-head">
            <h2>Messages</h2>
            <a class="small-link" href="/workspaces">Workspaces</a>
          </div>
          <MessagesList
            items={data.list}
            workspaces={data.workspaces}
            viewerId={me.id}
            activeId={c.id}
            now={data.now}
            timeZone={data.timeZone}
          />
        </aside>
        <section class="chat-main" aria-labelledby="chat-title">
          <header class="chat-header">
            <a class="chat-back" href="/messages" aria-label="All conversations">←</a>
            <div class="chat-title">
              <h1 id="chat-title">
                {other
                  ? <a href={`/users/${other.id}`}>{other.displayName}</a>
                  : isChannel
                  ? `${c.isPrivate ? "🔒 " : "#"}${c.name ?? c.title.replace(/^#/, "")}`
                  : c.title}
              </h1>
              {isChannel
                ? (
                  <p class="presence-line">
                    {workspace && <a href={`/workspaces/${workspace.id}`}>{workspace.name}</a>}
                    <span>· {c.memberCount} member{c.memberCount === 1 ? "" : "s"}</span>
                  </p>
                )
                : (
                  <ChatPresence
                    conversationId={c.id}
                    members={data.members}
                    viewerId={me.id}
                    mode="line"
                    refreshUrl={`/api/v1/conversations/${c.id}`}
                    now={data.now}
                    timeZone={data.timeZone}
                  />
                )}
            </div>
            {isChannel && (
              // Where the members column does not fit, they open from the header.
              <details class="chat-members-toggle">
                <summary class="button button-ghost button-small">Members</summary>
                <div class="chat-members-panel">
                  <ChatPresence
                    conversationId={c.id}
                    members={data.members}
                    viewerId={me.id}
                    mode="list"
                    refreshUrl={`/api/v1/channels/${c.id}/members`}
                    now={data.now}
                    timeZone={data.timeZone}
                  />
                  {workspace && <ChannelControls data={data} workspaceId={workspace.id} />}
                </div>
              </details>
            )}
            {other && (
              <CallPanel
                conversationId={c.id}
                selfId={me.id}
                otherUser={{ id: other.id, displayName: other.displayName }}
              />
            )}
          </header>
          {c.job && <ChatJobCard job={c.job} />}
          <ChatThread
            conversationId={c.id}
            kind={c.kind}
            viewerId={me.id}
            messages={data.messages}
            hasMore={data.hasMore}
            names={data.names}
            readSeqs={data.readSeqs}
            timeZone={data.timeZone}
            now={data.now}
            formMsgId={data.formMsgId}
            value={data.value}
            error={data.error}
          />
        </section>
        {isChannel && (
          <aside class="chat-aside" aria-labelledby="members-title">
            <h2 id="members-title">Members</h2>
            <ChatPresence
              conversationId={c.id}
              members={data.members}
              viewerId={me.id}
              mode="list"
              refreshUrl={`/api/v1/channels/${c.id}/members`}
              now={data.now}
              timeZone={data.timeZone}
            />
            {workspace && <ChannelControls data={data} workspaceId={workspace.id} />}
          </aside>
        )}
      </div>
    </div>
  );
}

function ChannelControls({ data, workspaceId }: { data: Data; workspaceId: string }) {
  const c = data.conversation;
  return (
    <div class="stack channel-controls">
      {data.invitable.length > 0 && (
        <form method="post" action={`/workspaces/${workspaceId}`} class="stack">
          <input type="hidden" name="intent" value="invite" />
          <input type="hidden" name="channelId" value={c.id} />
          <label for="invite-user">Invite someone from the workspace</label>
          <select id="invite-user" name="userId" required>
            {data.invitable.map((m) => <option key={m.id} value={m.id}>{m.displayName}</option>)}
          </select>
          <button type="submit" class="button button-secondary button-small">Invite</button>
        </form>
      )}
      {c.name !== "general" && (
        <form method="post" action={`/workspaces/${workspaceId}`}>
          <input type="hidden" name="intent" value="leave" />
          <input type="hidden" name="channelId" value={c.id} />
          <button type="submit" class="button button-ghost button-small">Leave channel</button>
        </form>
      )}
    </div>
  );
}
