import { AuthCard } from "@/components/AuthCard.tsx";
import { findSessionByRefreshToken, revokeSession } from "@/server/auth/sessions.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";
import { clearSessionCookies, readRefreshCookie } from "@/server/web/session_cookies.ts";

export const title = "Log out";

export const handler = definePage<undefined>({
  /** A page to confirm from (a GET never signs out: link prefetchers would do it). */
  GET(c) {
    return c.get("viewer") ? page(undefined) : seeOther(c, "/");
  },
  /** Revokes this session, as the API's logout does, and forgets the cookies. */
  async POST(c) {
    const { db, clock } = c.get("deps");
    const refresh = readRefreshCookie(c);
    const sessionId = c.get("viewer")?.sessionId ??
      (refresh ? await findSessionByRefreshToken(db.orm, refresh) : undefined);
    if (sessionId) await db.write((tx) => revokeSession(tx, sessionId, "logout", clock.now()));
    clearSessionCookies(c);
    return seeOther(c, "/");
  },
});

export default function Logout({ viewer }: PageProps) {
  return (
    <AuthCard title="Log out of WorkMate?">
      <p class="lead">
        You are signed in as <strong>{viewer?.email}</strong>.
      </p>
      <form method="post" action="/logout" class="stack">
        <button type="submit" class="button button-block">Log out</button>
        <a class="button button-secondary button-block" href="/dashboard">Stay signed in</a>
      </form>
    </AuthCard>
  );
}
