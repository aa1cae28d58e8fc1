/**
 * One message in a thread: the quoted reply, the text (as text and safe links), attachments
 * (inline image previews, file cards for documents), reactions, edited/deleted marks, time and,
 * for your own messages, the delivery ticks. Pure: the thread island passes `onAction` to get
 * the reply/react/edit/delete controls; the server's first paint has none.
 */
import type { ComponentChildren } from "preact";
import type { AttachmentRef, MessageView } from "@/lib/chat_protocol.ts";
import { formatClock, formatSize, REACTIONS } from "@/lib/chat_format.ts";
import { ChatText } from "./ChatText.tsx";
import { Icon } from "./Icon.tsx";

/** pending: not acknowledged yet; sent: stored (✓); read: the other side read it (✓✓). */
export type DeliveryStatus = "pending" | "sent" | "read";

export type MessageAction =
  | { type: "reply" }
  | { type: "edit" }
  | { type: "delete" }
  | { type: "react"; emoji: string; remove: boolean };

export interface ChatMessageProps {
  message: MessageView;
  viewerId: string;
  senderName: string;
  /** The name of the quoted message's sender. */
  replyName?: string;
  /** Channels show who wrote each message; a DM does not need to. */
  showSender: boolean;
  status?: DeliveryStatus;
  timeZone: string | null;
  onAction?: (message: MessageView, action: MessageAction) => void;
  /** Replaces the text while the viewer edits this message. */
  editor?: ComponentChildren;
}

const TICK_LABEL: Record<DeliveryStatus, string> = {
  pending: "Sending…",
  sent: "Sent",
  read: "Read",
};

export function ChatMessage(p: ChatMessageProps) {
  const m = p.message;
  const mine = m.senderId === p.viewerId;
  if (m.kind !== "text") {
    return (
      <li class={`msg-system msg-${m.kind}`} id={`msg-${m.id}`} data-seq={m.seq}>
        {m.kind === "call" && <Icon name="video" size={16} />}
        <span>{m.content}</span>
        <time datetime={m.createdAt}>{formatClock(m.createdAt, p.timeZone)}</time>
      </li>
    );
  }
  const deleted = m.deletedAt !== null;
  const act = p.onAction;
  return (
    <li
      class={`msg ${mine ? "msg-mine" : "msg-theirs"}${deleted ? " msg-deleted" : ""}${
        p.status === "pending" ? " msg-pending" : ""
      }`}
      id={`msg-${m.id}`}
      data-seq={m.seq}
      data-id={m.id}
      data-status={mine ? p.status : undefined}
    >
      {p.showSender && !mine && <span class="msg-sender">{p.senderName}</span>}
      <div class="msg-bubble">
        {m.replyTo && !deleted && (
          <a class="msg-quote" href={`#msg-${m.replyTo.id}`}>
            <span class="msg-quote-who">{p.replyName ?? "Reply"}</span>
            <span class="msg-quote-text">{m.replyTo.excerpt || "Message deleted"}</span>
          </a>
        )}
        {deleted
          ? <p class="msg-text msg-deleted-text">This message was deleted</p>
          : p.editor ?? (m.content && (
            <p class="msg-text">
              <ChatText text={m.content} />
            </p>
          ))}
        {!deleted && m.attachments.length > 0 && <Attachments files={m.attachments} />}
        <span class="msg-meta">
          {m.editedAt && !deleted && <span class="msg-edited">edited</span>}
          <time datetime={m.createdAt}>{formatClock(m.createdAt, p.timeZone)}</time>
          {mine && p.status && (
            <span
              class={`msg-ticks ticks-${p.status}`}
              title={TICK_LABEL[p.status]}
              aria-label={TICK_LABEL[p.status]}
            >
              {p.status === "pending" ? "…" : p.status === "read" ? "✓✓" : "✓"}
            </span>
          )}
        </span>
      </div>
      {!deleted && m.reactions.length > 0 && (
        <div class="msg-reactions">
          {m.reactions.map((r) => {
            const reacted = r.userIds.includes(p.viewerId);
            const label = `${r.emoji} ${r.count}`;
            return act
              ? (
                <button
                  key={r.emoji}
                  type="button"
                  class={`reaction${reacted ? " is-mine" : ""}`}
                  aria-pressed={reacted ? "true" : "false"}
                  onClick={() => act(m, { type: "react", emoji: r.emoji, remove: reacted })}
                >
                  {label}
                </button>
              )
              : <span key={r.emoji} class={`reaction${reacted ? " is-mine" : ""}`}>{label}</span>;
          })}
        </div>
      )}
      {act && !deleted && p.status !== "pending" && (
        <div class="msg-actions">
          <button type="button" class="msg-action" onClick={() => act(m, { type: "reply" })}>
            Reply
          </button>
          <details class="msg-react-menu">
            <summary class="msg-action" aria-label="React">☺</summary>
            <div class="msg-react-options">
              {REACTIONS.map((emoji) => {
                const reacted = m.reactions.some((r) =>
                  r.emoji === emoji && r.userIds.includes(p.viewerId)
                );
                return (
                  <button
                    type="button"
                    aria-label={`React ${emoji}`}
                    onClick={(e) => {
                      (e.currentTarget as HTMLElement).closest("details")?.removeAttribute("open");
                      act(m, { type: "react", emoji, remove: reacted });
                    }}
                  >
                    {emoji}
                  </button>
                );
              })}
            </div>
          </details>
          {mine && (
            <>
              <button type="button" class="msg-action" onClick={() => act(m, { type: "edit" })}>
                Edit
              </button>
              <button type="button" class="msg-action" onClick={() => act(m, { type: "delete" })}>
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

function Attachments({ files }: { files: AttachmentRef[] }) {
  return (
    <div class="msg-files">
      {files.map((f) =>
        f.kind === "image"
          ? (
            <a class="msg-image" href={f.url} target="_blank" rel="noopener">
              <img src={f.url} alt={f.fileName} loading="lazy" />
            </a>
          )
          : (
            <a class="msg-file" href={f.url} target="_blank" rel="noopener">
              <Icon name="file" size={20} />
              <span class="msg-file-name">{f.fileName}</span>
              <span class="msg-file-size">{formatSize(f.size)}</span>
            </a>
          )
      )}
    </div>
  );
}
