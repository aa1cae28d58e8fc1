/** lib/chat_format.ts and client/thread_model.ts: wording, times and message bookkeeping. */
import assert from "node:assert/strict";
import {
  formatDayLabel,
  formatListTime,
  formatPresence,
  previewText,
  typingLine,
} from "@/lib/chat_format.ts";
import { deliveryStatus, mergeMessages, pendingView } from "@/client/thread_model.ts";
import { message } from "./fake_ws.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");

Deno.test("chat format - typing line for one, two and many", () => {
  assert.equal(typingLine([]), "");
  assert.equal(typingLine(["Ana"]), "Ana is typing…");
  assert.equal(typingLine(["Ana", "Bo"]), "Ana and Bo are typing…");
  assert.equal(typingLine(["Ana", "Bo", "Cy"]), "3 people are typing…");
});

Deno.test("chat format - presence and last seen", () => {
  const seen = (ms: number) => ({ online: false, lastSeen: new Date(NOW - ms).toISOString() });
  assert.equal(formatPresence({ online: true, lastSeen: null }, NOW), "Online");
  assert.equal(formatPresence({ online: false, lastSeen: null }, NOW), "Offline");
  assert.equal(formatPresence(seen(20_000), NOW), "Last seen just now");
  assert.equal(formatPresence(seen(5 * 60_000), NOW), "Last seen 5 min ago");
  assert.equal(formatPresence(seen(3 * 3_600_000), NOW), "Last seen 3 h ago");
  assert.equal(formatPresence(seen(10 * 86_400_000), NOW), "Last seen 13 Nov");
});

Deno.test("chat format - list times and day labels in the viewer's zone", () => {
  assert.equal(formatListTime("2026-11-23T09:05:00Z", NOW, "UTC"), "09:05");
  assert.equal(formatListTime("2026-11-23T09:05:00Z", NOW, "Asia/Tokyo"), "18:05");
  assert.equal(formatListTime("2026-11-20T09:05:00Z", NOW, "UTC"), "Fri");
  assert.equal(formatListTime("2026-10-02T09:05:00Z", NOW, "UTC"), "2 Oct");
  assert.equal(formatDayLabel("2026-11-23T01:00:00Z", NOW, "UTC"), "Today");
  assert.equal(formatDayLabel("2026-11-22T23:00:00Z", NOW, "UTC"), "Yesterday");
  assert.equal(formatDayLabel("2026-11-22T23:00:00Z", NOW, "Europe/Berlin"), "Today");
  assert.equal(formatDayLabel("2025-03-02T12:00:00Z", NOW, "UTC"), "2 Mar 2025");
  assert.equal(formatListTime("2026-11-23T09:05:00Z", NOW, "Not/AZone"), "09:05");
});

Deno.test("chat format - previews say who, and never more than text", () => {
  const m = message("c1", 1, { senderId: "me", content: "  see\nyou  " });
  assert.equal(previewText(m, "me"), "You: see you");
  assert.equal(previewText({ ...m, senderId: "u2" }, "me"), "see you");
  assert.equal(previewText({ ...m, deletedAt: "2026-01-01T00:00:00Z" }, "me"), "Message deleted");
  const file = {
    id: "f",
    fileName: "plan.pdf",
    mime: "application/pdf",
    size: 1,
    kind: "document" as const,
    url: "/files/f",
  };
  assert.equal(previewText({ ...m, content: "", attachments: [file] }, "me"), "You: 📎 plan.pdf");
  assert.equal(
    previewText({ ...m, kind: "call", content: "Missed video call" }, "me"),
    "Missed video call",
  );
});

Deno.test("thread model - merge keeps seq order without duplicates; ticks follow receipts", () => {
  const list = mergeMessages([message("c1", 1), message("c1", 3)], [
    message("c1", 2),
    { ...message("c1", 3), content: "edited" },
  ]);
  assert.deepEqual(list.map((m) => [m.seq, m.content]), [
    [1, "message 1"],
    [2, "message 2"],
    [3, "edited"],
  ]);
  const mine = message("c1", 5, { senderId: "me" });
  assert.equal(deliveryStatus(mine, {}), "sent");
  assert.equal(deliveryStatus(mine, { u2: 4 }), "sent");
  assert.equal(deliveryStatus(mine, { u2: 5 }), "read");
  assert.equal(deliveryStatus(mine, { me: 9 }), "sent", "our own read position is no receipt");
  const pending = pendingView({
    clientMsgId: "cm",
    conversationId: "c1",
    content: "hi",
    createdAt: NOW,
  }, "me");
  assert.equal(pending.id, "cm");
  assert.equal(pending.seq, 0);
  assert.equal(pending.senderId, "me");
});
