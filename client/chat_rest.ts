/**
 * The REST reads of the chat client and the thread island: pages of a conversation's messages
 * by seq (GET /api/v1/conversations/:id/messages?before=|after=&limit=, see MessagePage in
 * lib/schemas/chat.ts).
 */
import type { MessageView } from "@/lib/chat_protocol.ts";

/** At most this many pages per range, so a server that keeps answering cannot loop us forever. */
const MAX_PAGES = 1_000;

export interface MessagePageResult {
  items: MessageView[];
  hasMore: boolean;
}

/** One page of messages, oldest first: before `before`, after `after`, or the newest. */
export async function fetchMessagePage(
  fetchFn: typeof fetch,
  conversationId: string,
  where: { before?: number; after?: number },
  limit: number,
): Promise<MessagePageResult> {
  const qs = new URLSearchParams({ limit: String(limit) });
  if (where.before !== undefined) qs.set("before", String(where.before));
  if (where.after !== undefined) qs.set("after", String(where.after));
  const res = await fetchFn(
    `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages?${qs}`,
    { credentials: "same-origin", headers: { accept: "application/json" } },
  );
  if (!res.ok) throw new Error(`messages page: HTTP ${res.status}`);
  const body = await res.json() as { items?: MessageView[]; hasMore?: boolean };
  const items = [...(body.items ?? [])].sort((a, b) => a.seq - b.seq);
  return { items, hasMore: body.hasMore === true };
}

/**
 * Every message with afterSeq < seq ≤ throughSeq (and whatever newer the last page brings),
 * oldest first, paging forward until the range is covered or the server has no more.
 */
export async function fetchMessageRange(
  fetchFn: typeof fetch,
  conversationId: string,
  afterSeq: number,
  throughSeq: number,
  pageSize: number,
): Promise<MessageView[]> {
  const out: MessageView[] = [];
  let after = afterSeq;
  for (let page = 0; page < MAX_PAGES && after < throughSeq; page++) {
    const { items, hasMore } = await fetchMessagePage(fetchFn, conversationId, { after }, pageSize);
    const newer = items.filter((m) => m.seq > after);
    out.push(...newer);
    if (!newer.length || !hasMore) break;
    after = newer[newer.length - 1].seq;
  }
  return out;
}
