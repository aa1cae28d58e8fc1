/**
 * The message composer. Without JavaScript it is a plain form posting to the thread page
 * (content + a clientMsgId minted at render, so a resubmitted form is not stored twice); the
 * thread island passes handlers to send over the WebSocket instead, with attachments, the
 * reply being written and typing signals.
 */
import type { JSX } from "preact";
import { CHAT_LIMITS } from "@/lib/chat_protocol.ts";
import { UPLOAD_ACCEPT } from "@/lib/upload_limits.ts";

export interface ComposerUpload {
  key: string;
  fileName: string;
  status: "uploading" | "done" | "error";
  id?: string;
  error?: string;
}

export interface ChatComposerProps {
  conversationId: string;
  formMsgId: string;
  value?: string;
  error?: string;
  replyTo?: { name: string; excerpt: string } | null;
  uploads?: ComposerUpload[];
  /** Island only: */
  onSubmit?: (e: JSX.TargetedEvent<HTMLFormElement>) => void;
  onInput?: (e: JSX.TargetedEvent<HTMLTextAreaElement>) => void;
  onKeyDown?: (e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => void;
  onFiles?: (files: File[]) => void;
  onCancelReply?: () => void;
  onRemoveUpload?: (key: string) => void;
  textareaRef?: { current: HTMLTextAreaElement | null };
}

export function ChatComposer(p: ChatComposerProps) {
  const uploading = p.uploads?.some((u) => u.status === "uploading") ?? false;
  return (
    <form
      class="chat-composer"
      method="post"
      action={`/messages/${p.conversationId}`}
      onSubmit={p.onSubmit}
    >
      <input type="hidden" name="clientMsgId" value={p.formMsgId} />
      {p.error && <p class="chat-composer-error" role="alert" id="f-content-error">{p.error}</p>}
      {p.replyTo && (
        <div class="chat-replying">
          <span>
            Replying to <strong>{p.replyTo.name}</strong>
            <span class="chat-replying-text">{p.replyTo.excerpt}</span>
          </span>
          <button type="button" class="button button-ghost button-small" onClick={p.onCancelReply}>
            Cancel
          </button>
        </div>
      )}
      {p.uploads && p.uploads.length > 0 && (
        <ul class="chat-uploads">
          {p.uploads.map((u) => (
            <li class={`chat-upload is-${u.status}`} title={u.error}>
              <span class="chat-upload-name">{u.fileName}</span>
              <span class="muted">
                {u.status === "uploading" ? "Uploading…" : u.status === "error" ? u.error : ""}
              </span>
              <button
                type="button"
                class="chat-upload-remove"
                aria-label={`Remove ${u.fileName}`}
                onClick={() => p.onRemoveUpload?.(u.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="chat-composer-row">
        {p.onFiles && (
          <label class="chat-attach" title="Attach files">
            <input
              type="file"
              multiple
              accept={UPLOAD_ACCEPT}
              class="visually-hidden"
              onChange={(e) => {
                const input = e.currentTarget;
                p.onFiles?.(Array.from(input.files ?? []));
                input.value = "";
              }}
            />
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              stroke-width="1.8"
              stroke-linecap="round"
              stroke-linejoin="round"
              aria-hidden="true"
            >
              <path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
            </svg>
            <span class="visually-hidden">Attach files</span>
          </label>
        )}
        <label class="visually-hidden" for={`composer-${p.conversationId}`}>Message</label>
        <textarea
          id={`composer-${p.conversationId}`}
          name="content"
          rows={1}
          maxLength={CHAT_LIMITS.maxContent}
          placeholder="Write a message"
          aria-describedby={p.error ? "f-content-error" : undefined}
          ref={p.textareaRef}
          onInput={p.onInput}
          onKeyDown={p.onKeyDown}
          value={p.value ?? ""}
        />
        <button type="submit" class="button chat-send" disabled={uploading}>Send</button>
      </div>
    </form>
  );
}
