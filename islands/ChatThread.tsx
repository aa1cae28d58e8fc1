/**
 * A conversation's messages and composer. The server renders the newest page and a composer
 * that posts without JavaScript; hydrated, it follows the conversation over the page's shared
 * WebSocket client: new messages, edits, deletions and reactions appear live, older pages load
 * as you scroll up, messages send through the client's outbox (shown pending until
 * acknowledged), the typing line and read ticks stay current, and a banner says when the
 * connection is down. The root carries data-connection (the client's state) for tests.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import { ChatComposer, type ComposerUpload } from "@/components/ChatComposer.tsx";
import { ChatMessage, type MessageAction } from "@/components/ChatMessage.tsx";
import { CHAT_LIMITS, type MessageView } from "@/lib/chat_protocol.ts";
import { formatDayLabel, isSameDay, typingLine } from "@/lib/chat_format.ts";
import type { ConnectionState, OutboxEntry } from "@/client/ws_client.ts";
import { getChatClient } from "@/client/ws_client.ts";
import { fetchMessagePage } from "@/client/chat_rest.ts";
import {
  deliveryStatus,
  lastSeqFromOthers,
  mergeMessages,
  pendingView,
} from "@/client/thread_model.ts";
import { useTyping } from "@/client/use_typing.ts";
import { uploadFile } from "@/client/uploads.ts";

export interface ChatThreadProps {
  conversationId: string;
  kind: "dm" | "job" | "channel";
  viewerId: string;
  /** The newest page, oldest first. */
  messages: MessageView[];
  hasMore: boolean;
  /** Display names of members and of everyone who wrote a shown message. */
  names: Record<string, string>;
  /** Other members' read positions (read receipts). */
  readSeqs: Record<string, number>;
  timeZone: string | null;
  /** Server time at render, so day labels hydrate identically. */
  now: number;
  /** The no-JavaScript form's clientMsgId, and what it showed after a failed post. */
  formMsgId: string;
  value?: string;
  error?: string;
}

const PAGE = 50;
const BANNER: Partial<Record<ConnectionState, string>> = {
  reconnecting: "Reconnecting…",
  offline: "Offline — messages will send when you are back",
};

export default function ChatThread(props: ChatThreadProps) {
  const id = props.conversationId;
  const [messages, setMessages] = useState(props.messages);
  const [hasMore, setHasMore] = useState(props.hasMore);
  const [names, setNames] = useState(props.names);
  const [readSeqs, setReadSeqs] = useState(props.readSeqs);
  const [pending, setPending] = useState<OutboxEntry[]>([]);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [mounted, setMounted] = useState(false);
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [uploads, setUploads] = useState<ComposerUpload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const readSent = useRef(0);
  const typing = useTyping(id, props.viewerId);
  const namesRef = useRef(names);
  namesRef.current = names;
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const askedNames = useRef(new Set<string>());

  /** Someone new wrote or joined (a channel): fetch the members' names once more. */
  async function learnNames(userId: string) {
    // Once per user: someone who already left the channel is not in the list to be found.
    if (props.kind !== "channel" || askedNames.current.has(userId)) return;
    askedNames.current.add(userId);
    try {
      const res = await fetch(`/api/v1/channels/${id}/members`, {
        headers: { accept: "application/json" },
      });
      if (!res.ok) return;
      const body = await res.json() as { items: { id: string; displayName: string }[] };
      setNames((n) => ({
        ...n,
        ...Object.fromEntries(body.items.map((m) => [m.id, m.displayName])),
      }));
    } catch {
      // Offline: the name shows as "Someone" until the next attempt.
    }
  }

  useEffect(() => {
    const client = getChatClient();
    setMounted(true);
    client.watch(id, props.messages.at(-1)?.seq ?? 0, props.messages.map((m) => m.id));
    setConnection(client.state);
    setPending(client.pending(id));
    const mine = (f: { conversationId: string }) => f.conversationId === id;
    let connectedBefore = client.state === "open";
    const offs = [
      client.on("state", setConnection),
      client.on("outbox", () => setPending(client.pending(id))),
      client.on("new_message", ({ message }) => {
        if (message.conversationId !== id) return;
        setMessages((list) => mergeMessages(list, [message]));
        typing.stopped(message.senderId);
        if (!(message.senderId in namesRef.current)) learnNames(message.senderId);
      }),
      client.on("user_joined", (f) => {
        if (mine(f) && !(f.userId in namesRef.current)) learnNames(f.userId);
      }),
      client.on("message_updated", ({ message }) => {
        if (message.conversationId === id) setMessages((l) => mergeMessages(l, [message]));
      }),
      client.on("message_read", (f) => {
        if (!mine(f) || f.userId === props.viewerId) return;
        setReadSeqs((r) => ({ ...r, [f.userId]: Math.max(r[f.userId] ?? 0, f.seq) }));
      }),
      client.on("ack", (f) => {
        if (mine(f)) setTimeout(() => ensureMessage(f.seq), 1500);
      }),
      client.on("authenticated", () => {
        if (connectedBefore) refreshAfterReconnect();
        connectedBefore = true;
      }),
      client.on("send_failed", ({ entry, message }) => {
        if (entry.conversationId === id) setNotice(`Not sent: ${message}`);
      }),
      client.on("error", (f) => {
        if (f.code === "rate_limited") setNotice(`Slow down: ${f.message}`);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [id]);

  /** If our own message's new_message never came (it may skip the sender), fetch it. */
  async function ensureMessage(seq: number) {
    if (messagesRef.current.some((m) => m.seq === seq)) return;
    const page = await fetchMessagePage(fetch, id, { after: seq - 1 }, 1).catch(() => null);
    if (page) setMessages((l) => mergeMessages(l, page.items));
  }

  /**
   * Sync replays missed messages, not missed edits, reactions or receipts: after a reconnect,
   * reread the newest page and the members' read positions.
   */
  async function refreshAfterReconnect() {
    try {
      const [page, res] = await Promise.all([
        fetchMessagePage(fetch, id, {}, PAGE),
        fetch(`/api/v1/conversations/${id}`, { headers: { accept: "application/json" } }),
      ]);
      setMessages((l) => mergeMessages(l, page.items));
      if (!res.ok) return;
      const summary = await res.json() as { members: { id: string; lastReadSeq: number }[] };
      setReadSeqs((r) => {
        const next = { ...r };
        for (const m of summary.members) {
          if (m.id !== props.viewerId) next[m.id] = Math.max(next[m.id] ?? 0, m.lastReadSeq);
        }
        return next;
      });
    } catch {
      // Offline again: the next reconnect retries.
    }
  }

  // Read receipts: whenever the tab shows messages from others that are newer than what we
  // told the server, say so.
  const othersSeq = useMemo(() => lastSeqFromOthers(messages, props.viewerId), [messages]);
  useEffect(() => {
    const markRead = () => {
      if (document.visibilityState !== "visible" || othersSeq <= readSent.current) return;
      if (getChatClient().send({ type: "mark_as_read", conversationId: id, seq: othersSeq })) {
        readSent.current = othersSeq;
      }
    };
    markRead();
    document.addEventListener("visibilitychange", markRead);
    return () => document.removeEventListener("visibilitychange", markRead);
  }, [othersSeq, connection]);

  async function loadOlder() {
    if (loadingOlder || !hasMore) return;
    setLoadingOlder(true);
    try {
      const page = await fetchMessagePage(fetch, id, { before: messages[0]?.seq }, PAGE);
      setMessages((l) => mergeMessages(l, page.items));
      setHasMore(page.hasMore);
    } catch {
      setNotice("Older messages could not be loaded. Scroll up to try again.");
    } finally {
      setLoadingOlder(false);
    }
  }

  function onScroll() {
    const el = scroller.current;
    // The list is anchored at the bottom (column-reverse): distance from the top is this.
    if (el && el.scrollHeight - el.clientHeight - Math.abs(el.scrollTop) < 240) loadOlder();
  }

  function onSubmit(e: JSX.TargetedEvent<HTMLFormElement>) {
    e.preventDefault();
    const content = textarea.current?.value.trim() ?? "";
    const attachments = uploads.filter((u) => u.status === "done").map((u) => u.id!);
    if (!content && !attachments.length) return;
    if (uploads.some((u) => u.status === "uploading")) return;
    if (content.length > CHAT_LIMITS.maxContent) {
      return setNotice(`Keep messages under ${CHAT_LIMITS.maxContent} characters.`);
    }
    getChatClient().sendMessage({ conversationId: id, content, attachments, replyTo: replyTo?.id });
    if (textarea.current) textarea.current.value = "";
    setReplyTo(null);
    setUploads([]);
    setNotice(null);
    typing.stop();
    scroller.current?.scrollTo({ top: 0 });
  }

  function onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  }

  async function onFiles(files: File[]) {
    for (const file of files.slice(0, CHAT_LIMITS.maxAttachments - uploads.length)) {
      const key = crypto.randomUUID();
      setUploads((u) => [...u, { key, fileName: file.name, status: "uploading" }]);
      const result = await uploadFile(file);
      setUploads((u) => u.map((x) => x.key === key ? { ...x, ...result } : x));
    }
  }

  function onAction(m: MessageView, a: MessageAction) {
    const client = getChatClient();
    let sent = true;
    if (a.type === "reply") {
      setReplyTo(m);
      textarea.current?.focus();
    } else if (a.type === "edit") setEditing(m.id);
    else if (a.type === "delete") {
      if (confirm("Delete this message for everyone?")) {
        sent = client.send({ type: "delete_message", messageId: m.id });
      }
    } else {
      sent = client.send({ type: "react", messageId: m.id, emoji: a.emoji, remove: a.remove });
    }
    if (!sent) setNotice("You are offline. Try again when the connection is back.");
  }

  function saveEdit(m: MessageView, content: string) {
    const text = content.trim();
    if (!text || text === m.content) return setEditing(null);
    if (getChatClient().send({ type: "edit_message", messageId: m.id, content: text })) {
      setEditing(null);
    } else setNotice("You are offline. Try again when the connection is back.");
  }

  const typingNames = typing.userIds.map((u) => names[u] ?? "Someone");
  const banner = BANNER[connection];
  const nameOf = (userId: string) => userId === props.viewerId ? "You" : names[userId] ?? "Someone";
  let prev: MessageView | null = null;
  return (
    <div class="chat-thread" data-conversation-id={id} data-connection={connection}>
      {banner && <p class={`chat-banner is-${connection}`} role="status">{banner}</p>}
      {connection === "signed_out" && (
        <p class="chat-banner is-signed-out" role="alert">
          You are signed out. <a href={`/login?next=/messages/${id}`}>Sign in again</a>{" "}
          to keep chatting.
        </p>
      )}
      <div class="chat-scroll" ref={scroller} onScroll={onScroll}>
        <div class="chat-scroll-inner">
          {hasMore && (
            mounted
              ? (
                <button
                  type="button"
                  class="chat-older"
                  onClick={loadOlder}
                  disabled={loadingOlder}
                >
                  {loadingOlder ? "Loading…" : "Load older messages"}
                </button>
              )
              : <a class="chat-older" href={`?before=${messages[0]?.seq ?? ""}`}>Older messages</a>
          )}
          {messages.length === 0 && pending.length === 0 && (
            <p class="chat-empty muted">No messages yet. Say hello.</p>
          )}
          <ol class="chat-messages" aria-live="polite">
            {messages.map((m) => {
              const day = !prev || !isSameDay(prev.createdAt, m.createdAt, props.timeZone);
              prev = m;
              return (
                <>
                  {day && (
                    <li class="chat-day" aria-hidden="true">
                      <span>{formatDayLabel(m.createdAt, props.now, props.timeZone)}</span>
                    </li>
                  )}
                  <ChatMessage
                    key={m.id}
                    message={m}
                    viewerId={props.viewerId}
                    senderName={nameOf(m.senderId)}
                    replyName={m.replyTo ? nameOf(m.replyTo.senderId) : undefined}
                    showSender={props.kind === "channel"}
                    status={deliveryStatus(m, readSeqs)}
                    timeZone={props.timeZone}
                    onAction={mounted ? onAction : undefined}
                    editor={editing === m.id
                      ? <EditBox m={m} onSave={saveEdit} onCancel={() => setEditing(null)} />
                      : undefined}
                  />
                </>
              );
            })}
            {pending.map((e) => (
              <ChatMessage
                key={e.clientMsgId}
                message={pendingView(e, props.viewerId)}
                viewerId={props.viewerId}
                senderName="You"
                showSender={false}
                status="pending"
                timeZone={props.timeZone}
              />
            ))}
          </ol>
        </div>
      </div>
      <p class="chat-typing" aria-live="polite">{typingLine(typingNames)}</p>
      {notice && <p class="chat-notice" role="alert">{notice}</p>}
      <ChatComposer
        conversationId={id}
        formMsgId={props.formMsgId}
        value={mounted ? undefined : props.value}
        error={props.error}
        replyTo={replyTo &&
          { name: nameOf(replyTo.senderId), excerpt: replyTo.content.slice(0, 120) }}
        uploads={uploads}
        textareaRef={textarea}
        onSubmit={mounted ? onSubmit : undefined}
        onInput={mounted ? typing.onInput : undefined}
        onKeyDown={mounted ? onKeyDown : undefined}
        onFiles={mounted ? onFiles : undefined}
        onCancelReply={() => setReplyTo(null)}
        onRemoveUpload={(key) => setUploads((u) => u.filter((x) => x.key !== key))}
      />
    </div>
  );
}

function EditBox(
  { m, onSave, onCancel }: {
    m: MessageView;
    onSave: (m: MessageView, content: string) => void;
    onCancel: () => void;
  },
) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <form
      class="msg-edit"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(m, ref.current?.value ?? "");
      }}
    >
      <textarea ref={ref} maxLength={CHAT_LIMITS.maxContent} aria-label="Edit message">
        {m.content}
      </textarea>
      <div class="msg-edit-actions">
        <button type="button" class="button button-ghost button-small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="button button-small">Save</button>
      </div>
    </form>
  );
}
