/**
 * The conversation list: DMs and job threads, then channels grouped by workspace, each with
 * its unread badge, the other person's presence dot, the last message and its time. Server
 * rendered as plain links; hydrated, it follows the page's chat client (new messages move a
 * conversation up and count as unread, reads clear the badge, presence dots change) and
 * refetches the list after a reconnect or when a conversation it does not know appears.
 */
import { useEffect, useState } from "preact/hooks";
import { formatListTime, initials, previewText } from "@/lib/chat_format.ts";
import type { ConversationSummaryView } from "@/lib/schemas/chat.ts";
import { getChatClient } from "@/client/ws_client.ts";

export interface ListItem {
  id: string;
  kind: "dm" | "job" | "channel";
  title: string;
  isPrivate: boolean;
  workspaceId: string | null;
  /** The job title under a job thread's name. */
  jobTitle: string | null;
  /** DMs and job threads: the other person, for the presence dot and previews. */
  other: { id: string; displayName: string; online: boolean } | null;
  unread: number;
  lastSeq: number;
  preview: string;
  lastMessageAt: string | null;
}

export interface MessagesListProps {
  items: ListItem[];
  workspaces: { id: string; name: string }[];
  viewerId: string;
  activeId: string | null;
  now: number;
  timeZone: string | null;
}

/** The list item for a conversation summary (the server and a refetch build it the same way). */
export function toListItem(c: ConversationSummaryView, viewerId: string): ListItem {
  const other = c.kind === "channel" ? undefined : c.members.find((m) => m.id !== viewerId);
  return {
    id: c.id,
    kind: c.kind,
    // A job thread is with a person about a job: their name on top, the job under it.
    title: c.kind === "job" && other ? other.displayName : c.title,
    isPrivate: c.isPrivate,
    workspaceId: c.workspaceId,
    jobTitle: c.job?.title ?? null,
    other: other ? { id: other.id, displayName: other.displayName, online: other.online } : null,
    unread: c.unread,
    lastSeq: c.lastSeq,
    preview: c.lastMessage ? previewText(c.lastMessage, viewerId) : "",
    lastMessageAt: c.lastMessageAt,
  };
}

const byRecent = (a: ListItem, b: ListItem) =>
  (b.lastMessageAt ?? "").localeCompare(a.lastMessageAt ?? "");

export default function MessagesList(props: MessagesListProps) {
  const [items, setItems] = useState(props.items);
  const [now, setNow] = useState(props.now);

  useEffect(() => {
    const client = getChatClient();
    const refetch = async () => {
      try {
        const res = await fetch("/api/v1/conversations", {
          headers: { accept: "application/json" },
        });
        if (!res.ok) return;
        const body = await res.json() as { items: ConversationSummaryView[] };
        setItems(body.items.map((c) => toListItem(c, props.viewerId)));
        setNow(Date.now());
      } catch {
        // Offline: the list stays as it is until the next reconnect.
      }
    };
    let seenFirst = client.state === "open";
    const update = (id: string, fn: (i: ListItem) => ListItem) =>
      setItems((list) => list.map((i) => i.id === id ? fn(i) : i));
    const offs = [
      client.on("authenticated", () => {
        // The first connect follows the server render; later ones may have missed anything.
        if (seenFirst) refetch();
        seenFirst = true;
      }),
      client.on("new_message", ({ message: m }) => {
        setNow(Date.now());
        setItems((list) => {
          const item = list.find((i) => i.id === m.conversationId);
          if (!item) {
            refetch();
            return list;
          }
          const counts = m.senderId !== props.viewerId && m.seq > item.lastSeq &&
            m.conversationId !== props.activeId;
          return list.map((i) =>
            i.id !== m.conversationId ? i : {
              ...i,
              lastSeq: Math.max(i.lastSeq, m.seq),
              unread: counts ? i.unread + 1 : i.unread,
              preview: previewText(m, props.viewerId),
              lastMessageAt: m.createdAt,
            }
          );
        });
      }),
      client.on("message_read", (f) => {
        if (f.userId !== props.viewerId) return;
        update(f.conversationId, (i) => ({ ...i, unread: f.seq >= i.lastSeq ? 0 : i.unread }));
      }),
      client.on("user_online", (f) => setOnline(f.userId, true)),
      client.on("user_offline", (f) => setOnline(f.userId, false)),
    ];
    function setOnline(userId: string, online: boolean) {
      setItems((list) =>
        list.map((i) => i.other?.id === userId ? { ...i, other: { ...i.other, online } } : i)
      );
    }
    return () => offs.forEach((off) => off());
  }, []);

  const direct = items.filter((i) => i.kind !== "channel").sort(byRecent);
  const groups = props.workspaces.map((w) => ({
    ...w,
    channels: items.filter((i) => i.kind === "channel" && i.workspaceId === w.id)
      .sort((a, b) => a.title.localeCompare(b.title)),
  })).filter((g) => g.channels.length > 0);
  const row = (i: ListItem) => (
    <li>
      <a
        href={`/messages/${i.id}`}
        class={`convo${i.unread > 0 ? " has-unread" : ""}`}
        aria-current={i.id === props.activeId ? "page" : undefined}
        data-conversation-id={i.id}
        data-unread={String(i.unread)}
      >
        <span
          class={`avatar convo-avatar${i.kind === "channel" ? " is-channel" : ""}`}
          aria-hidden="true"
        >
          {i.kind === "channel"
            ? (i.isPrivate ? "🔒" : "#")
            : initials(i.other?.displayName ?? i.title)}
          {i.other && <span class={`presence-dot${i.other.online ? " is-online" : ""}`} />}
        </span>
        <span class="convo-main">
          <span class="convo-top">
            <span class="convo-title">
              {i.kind === "channel" ? `#${i.title.replace(/^#/, "")}` : i.title}
            </span>
            {i.lastMessageAt && (
              <time class="convo-time" datetime={i.lastMessageAt}>
                {formatListTime(i.lastMessageAt, now, props.timeZone)}
              </time>
            )}
          </span>
          {i.jobTitle && i.kind === "job" && <span class="convo-job">{i.jobTitle}</span>}
          <span class="convo-bottom">
            <span class="convo-preview">{i.preview || "No messages yet"}</span>
            {i.unread > 0 && (
              <span class="unread-badge" aria-label={`${i.unread} unread`}>
                {i.unread > 99 ? "99+" : i.unread}
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
  return (
    <nav class="convo-list" aria-label="Conversations">
      <h2 class="convo-group">Direct messages</h2>
      {direct.length ? <ul>{direct.map(row)}</ul> : (
        <p class="muted convo-empty">
          No conversations yet. Message someone from their profile, a job or a contract.
        </p>
      )}
      {groups.map((g) => (
        <>
          <h2 class="convo-group">
            <a href={`/workspaces/${g.id}`}>{g.name}</a>
          </h2>
          <ul>{g.channels.map(row)}</ul>
        </>
      ))}
    </nav>
  );
}
