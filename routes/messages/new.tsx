/**
 * POST /messages/new {userId, jobId?}: the "Message" buttons on profiles, jobs, proposals and
 * contracts. Finds or creates the DM (or the job thread) through the same use case as
 * POST /api/v1/conversations and goes there; it works without JavaScript. GET goes to the list.
 */
import { Notice } from "@/components/Notice.tsx";
import { CreateDmBody } from "@/lib/schemas/chat.ts";
import { openDirectConversation } from "@/server/chat/conversations.ts";
import { HttpError } from "@/server/errors.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Message";

interface Data {
  error: string;
}

export const handler = definePage<Data>({
  GET: (c) => seeOther(c, "/messages"),
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const raw = await c.req.parseBody();
    const parsed = CreateDmBody.safeParse({
      userId: raw.userId,
      ...(typeof raw.jobId === "string" && raw.jobId ? { jobId: raw.jobId } : {}),
    });
    if (!parsed.success) {
      return page<Data>({ error: "Choose who to message." }, { status: 422 });
    }
    try {
      const { summary } = await openDirectConversation(c.get("deps"), viewer.user, parsed.data);
      return seeOther(c, `/messages/${summary.id}`);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw err;
      const failure = formFailure(c, err);
      return page<Data>({ error: Object.values(failure.errors)[0] }, { status: failure.status });
    }
  },
});

export default function NewMessagePage({ data }: PageProps<Data>) {
  return (
    <div class="container page page-narrow">
      <h1>Message</h1>
      <Notice kind="error">{data?.error ?? "Choose who to message."}</Notice>
      <p>
        <a href="/messages">Back to your messages</a>
      </p>
    </div>
  );
}
