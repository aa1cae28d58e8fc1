import { DateTime } from "@/components/DateTime.tsx";
import { Notice } from "@/components/Notice.tsx";
import { decodeCursor, Id } from "@/lib/schemas/social.ts";
import { type InboxItem, listInbox, markInboxRead } from "@/server/notify/inbox.ts";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Notifications";

const PAGE_SIZE = 30;

interface Data {
  items: InboxItem[];
  unreadCount: number;
  nextCursor: string | null;
  unreadOnly: boolean;
  timeZone: string | null;
}

export const handler = definePage<Data>({
  async GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const url = new URL(c.req.url);
    const unreadOnly = url.searchParams.get("unread") === "1";
    // A cursor that does not parse starts from the newest, as a stale link would.
    const cursor = decodeCursor(url.searchParams.get("cursor") ?? "") ?? undefined;
    const inbox = await listInbox(c.get("deps").db.orm, viewer.user.id, {
      limit: PAGE_SIZE,
      cursor,
      unreadOnly,
    });
    return page({ ...inbox, unreadOnly, timeZone: viewer.user.timezone });
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const form = await c.req.parseBody();
    const id = Id.safeParse(form.id);
    const ids = form.intent === "read-one" ? (id.success ? [id.data] : []) : undefined;
    const { db, clock } = c.get("deps");
    await markInboxRead(db, viewer.user.id, ids, clock.now());
    const back = form.unread === "1" ? "/notifications?unread=1" : "/notifications";
    return seeOther(c, ids ? back : `${back}${back.includes("?") ? "&" : "?"}marked=all`);
  },
});

export default function Notifications({ data, url }: PageProps<Data>) {
  const unreadParam = data.unreadOnly ? "1" : "";
  const olderHref = data.nextCursor
    ? `/notifications?${new URLSearchParams({
      ...(data.unreadOnly ? { unread: "1" } : {}),
      cursor: data.nextCursor,
    })}`
    : null;
  return (
    <div class="container page page-narrow">
      <header class="page-header notif-header">
        <div>
          <h1>Notifications</h1>
          <p class="muted">
            {data.unreadCount === 0
              ? "You are all caught up."
              : `${data.unreadCount} unread notification${data.unreadCount === 1 ? "" : "s"}.`}
          </p>
        </div>
        {data.unreadCount > 0 && (
          <form method="post" action="/notifications" class="inline-form">
            <input type="hidden" name="intent" value="read-all" />
            <input type="hidden" name="unread" value={unreadParam} />
            <button type="submit" class="button button-secondary button-small">
              Mark all read
            </button>
          </form>
        )}
      </header>
      {url.searchParams.get("marked") === "all" && (
        <Notice kind="success">Everything is marked read.</Notice>
      )}
      <nav class="filter-tabs" aria-label="Filter notifications">
        <a href="/notifications" aria-current={data.unreadOnly ? undefined : "page"}>All</a>
        <a href="/notifications?unread=1" aria-current={data.unreadOnly ? "page" : undefined}>
          Unread
        </a>
      </nav>
      {data.items.length === 0
        ? (
          <div class="card empty-state">
            <p>
              {data.unreadOnly
                ? "No unread notifications."
                : "Nothing yet. Proposals, hires, payments and reviews will show up here."}
            </p>
          </div>
        )
        : (
          <ol class="notif-list">
            {data.items.map((n) => (
              <li class={`notif-item${n.read ? "" : " is-unread"}`} data-type={n.type}>
                <div class="notif-main">
                  <p class="notif-title">
                    {!n.read && <span class="visually-hidden">Unread:</span>}
                    {n.link ? <a href={safeLink(n.link)}>{n.title}</a> : n.title}
                  </p>
                  {n.body && <p class="notif-body">{n.body}</p>}
                  <p class="notif-time muted">
                    <DateTime ms={n.createdAt} timeZone={data.timeZone} withTime />
                  </p>
                </div>
                {!n.read && (
                  <form method="post" action="/notifications" class="inline-form">
                    <input type="hidden" name="intent" value="read-one" />
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="unread" value={unreadParam} />
                    <button type="submit" class="button button-ghost button-small">
                      Mark read<span class="visually-hidden">: {n.title}</span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ol>
        )}
      {olderHref && (
        <p class="pager">
          <a class="button button-secondary" href={olderHref}>Older notifications</a>
        </p>
      )}
    </div>
  );
}

/** Notification links are paths on this site; anything else is not rendered as a link target. */
function safeLink(link: string): string {
  return link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\")
    ? link
    : "/notifications";
}
