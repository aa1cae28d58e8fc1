/** The CALL state machine (lib/lifecycles.ts) and the words a finished call leaves behind. */
import assert from "node:assert/strict";
import type { Call } from "@/db/schema_chat.ts";
import { type Actor, CALL, type CallAction, type CallStatus, nextState } from "@/lib/lifecycles.ts";
import { callMessageText, formatDuration } from "@/server/calls/calls.ts";

Deno.test("calls - the call machine allows exactly these moves", () => {
  const table: [CallStatus, CallAction, Actor, CallStatus | null][] = [
    ["ringing", "accept", "callee", "active"],
    ["ringing", "accept", "caller", null],
    ["ringing", "reject", "callee", "rejected"],
    ["ringing", "reject", "caller", null],
    ["ringing", "cancel", "caller", "ended"],
    ["ringing", "cancel", "callee", null],
    ["ringing", "cancel", "system", "ended"],
    ["ringing", "miss", "system", "missed"],
    ["ringing", "miss", "caller", null],
    ["ringing", "fail", "system", "failed"],
    ["ringing", "hang_up", "caller", null],
    ["active", "hang_up", "caller", "ended"],
    ["active", "hang_up", "callee", "ended"],
    ["active", "hang_up", "system", "ended"],
    ["active", "accept", "callee", null],
    ["active", "miss", "system", null],
    ["ended", "hang_up", "caller", null],
    ["missed", "accept", "callee", null],
    ["rejected", "cancel", "caller", null],
    ["failed", "accept", "callee", null],
  ];
  for (const [from, action, actor, to] of table) {
    assert.equal(nextState(CALL, from, action, actor), to, `${from} --${action}/${actor}-->`);
  }
});

Deno.test("calls - call messages say what happened", () => {
  const base: Call = {
    id: "c",
    conversationId: "v",
    callerId: "a",
    calleeId: "b",
    media: "video",
    status: "missed",
    endReason: "missed",
    createdAt: 0,
    answeredAt: null,
    endedAt: 30_000,
  };
  const cases: [Partial<Call>, string][] = [
    [{}, "Missed video call"],
    [{ media: "audio" }, "Missed audio call"],
    [{ status: "rejected" }, "Declined video call"],
    [{ status: "failed", endReason: "busy", media: "audio" }, "Missed audio call (busy)"],
    [{ status: "ended", endReason: "cancelled" }, "Cancelled video call"],
    [{ status: "ended", answeredAt: 1_000, endedAt: 9_400 }, "Video call · 0:08"],
  ];
  for (const [over, text] of cases) assert.equal(callMessageText({ ...base, ...over }), text);
  assert.equal(formatDuration(59_600), "1:00");
  assert.equal(formatDuration(3_600_000 + 61_000), "1:01:01");
});
