/**
 * The bell in the header with the unread count. It starts from the count the server rendered
 * and, while the tab is visible, asks GET /api/v1/notifications?limit=1 every `pollMs` (and
 * at once when the tab comes back). Anything else that learns the count — the WebSocket client,
 * later — dispatches `UNREAD_COUNT_EVENT` on window with `{ detail: { unreadCount } }`, which
 * goes through the same `apply` as polling. Without JavaScript it is a plain link.
 */
import { useEffect, useState } from "preact/hooks";

export interface NotificationBadgeProps {
  initialCount: number;
  /** How often to poll while the tab is visible (default 30 s). */
  pollMs?: number;
}

/** Window event that sets the count from outside: `{ detail: { unreadCount: number } }`. */
export const UNREAD_COUNT_EVENT = "wm:unread-count";

const label = (n: number) => n === 0 ? "Notifications" : `Notifications, ${n} unread`;
const shown = (n: number) => n > 99 ? "99+" : String(n);

export default function NotificationBadge(
  { initialCount, pollMs = 30_000 }: NotificationBadgeProps,
) {
  const [count, setCount] = useState(initialCount);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const apply = (n: unknown) => {
      if (!stopped && typeof n === "number" && Number.isInteger(n) && n >= 0) setCount(n);
    };
    const refresh = async () => {
      try {
        const res = await fetch("/api/v1/notifications?limit=1", {
          credentials: "same-origin",
          headers: { accept: "application/json" },
        });
        // A 401 (the access cookie expired) keeps the last count; the next page view renews it.
        if (res.ok) apply((await res.json()).unreadCount);
      } catch {
        // Offline or the server restarting: keep the last count and try again next time.
      }
    };
    const schedule = () => {
      clearInterval(timer);
      timer = document.visibilityState === "visible" ? setInterval(refresh, pollMs) : undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") refresh();
      schedule();
    };
    const onPush = (e: Event) => apply((e as CustomEvent).detail?.unreadCount);
    document.addEventListener("visibilitychange", onVisibility);
    addEventListener(UNREAD_COUNT_EVENT, onPush);
    schedule();
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      removeEventListener(UNREAD_COUNT_EVENT, onPush);
    };
  }, [pollMs]);

  return (
    <a
      href="/notifications"
      class={`notif-badge${count > 0 ? " has-unread" : ""}`}
      aria-label={label(count)}
      title={label(count)}
      data-count={String(count)}
    >
      <svg
        class="icon"
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
        <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0" />
      </svg>
      {count > 0 && <span class="notif-count" aria-hidden="true">{shown(count)}</span>}
    </a>
  );
}
