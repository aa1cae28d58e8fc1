/**
 * "Messages" in the header with the number of unread messages, kept live by the page's unread
 * store (client/unread_store.ts, which opens the chat connection). Without JavaScript it is a
 * plain link.
 */
import { useEffect, useState } from "preact/hooks";
import { getUnreadStore } from "@/client/unread_store.ts";

export interface MessagesNavLinkProps {
  viewerId: string;
  current: boolean;
  /** The unread total when the page was rendered, when the server knew it. */
  initialCount?: number;
  /** An icon with a count, beside the bell on narrow screens where the links sit in the Menu. */
  compact?: boolean;
}

export default function MessagesNavLink(
  { viewerId, current, initialCount, compact = false }: MessagesNavLinkProps,
) {
  // null until the first count arrives: until then the server's number (if any) shows.
  const [unread, setUnread] = useState<Record<string, number> | null>(null);

  useEffect(() => {
    const store = getUnreadStore(viewerId);
    setUnread(store.get());
    return store.subscribe(setUnread);
  }, [viewerId]);

  const total = unread ? Object.values(unread).reduce((a, b) => a + b, 0) : initialCount ?? 0;
  const label = total ? `Messages, ${total} unread` : "Messages";
  const count = total > 99 ? "99+" : String(total);
  if (compact) {
    return (
      <a
        href="/messages"
        class={`nav-messages-compact${total > 0 ? " has-unread" : ""}`}
        aria-label={label}
        title={label}
        data-count={String(total)}
      >
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
          <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
        </svg>
        {total > 0 && <span class="notif-count" aria-hidden="true">{count}</span>}
      </a>
    );
  }
  return (
    <a
      href="/messages"
      class="nav-messages"
      aria-current={current ? "page" : undefined}
      aria-label={label}
      data-count={String(total)}
    >
      Messages
      {total > 0 && <span class="nav-count" aria-hidden="true">{count}</span>}
    </a>
  );
}
