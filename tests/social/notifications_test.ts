import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { notify } from "@/server/notify/notifications.ts";
import { apiClient } from "../helpers/api.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { location, readHtml } from "../pages/html.ts";
import { assertSocialUnchanged, countWhere } from "./helpers.ts";

const LIST = "/api/v1/notifications";
const READ = "/api/v1/notifications/read";

/** Creates `n` notifications for the user, one millisecond apart, oldest first. */
async function seed(
  server: TestServer,
  clock: ReturnType<typeof createManualClock>,
  userId: string,
  n: number,
  extra: { title?: string; link?: string } = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = await server.deps.db.write((tx) =>
      notify(tx, {
        userId,
        type: "test.event",
        title: extra.title ?? `Event ${i}`,
        body: `Body ${i}`,
        link: extra.link ?? `/contracts/${i}`,
      }, clock.now())
    );
    ids.push(row.id);
    clock.advance(1);
  }
  return ids;
}

Deno.test("notifications - newest first, paged by cursor, with the unread count", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const me = await registerUser(server);
  const ids = await seed(server, clock, me.user.id, 5);
  // Two with the same timestamp: the id breaks the tie, so paging neither skips nor repeats.
  const tie = clock.now() + 1000;
  ids.push(...await seed(server, createManualClock(tie), me.user.id, 1));
  ids.push(...await seed(server, createManualClock(tie), me.user.id, 1));

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    const res = await me.client.json("GET", `${LIST}?limit=2${q}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.unreadCount, 7);
    seen.push(...res.body.items.map((n: { id: string }) => n.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  assert.equal(seen.length, 7);
  assert.equal(new Set(seen).size, 7);
  assert.deepEqual(seen.slice(2), ids.slice(0, 5).reverse());

  const one = await me.client.json("GET", `${LIST}?limit=1`);
  assert.equal(one.body.items.length, 1);
  assert.equal(one.body.items[0].read, false);
  assert.match(one.body.items[0].createdAt, /^\d{4}-\d\d-\d\dT/);
});

Deno.test("notifications - mark some or all read; others' ids are not touched", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const me = await registerUser(server);
  const other = await registerUser(server);
  const mine = await seed(server, clock, me.user.id, 3);
  const theirs = await seed(server, clock, other.user.id, 2);

  const some = await me.client.json("POST", READ, { ids: [mine[0], theirs[0], "nope"] });
  assert.equal(some.status, 200);
  assert.deepEqual(some.body, { marked: 1, unreadCount: 2 });
  assert.equal(
    await countWhere(server, "notifications", "read_at IS NULL AND user_id = ?", [other.user.id]),
    2,
  );

  const again = await me.client.json("POST", READ, { ids: [mine[0]] });
  assert.deepEqual(again.body, { marked: 0, unreadCount: 2 });

  const unread = await me.client.json("GET", `${LIST}?unreadOnly=true`);
  assert.deepEqual(unread.body.items.map((n: { id: string }) => n.id), [mine[2], mine[1]]);

  const all = await me.client.json("POST", READ, {});
  assert.deepEqual(all.body, { marked: 2, unreadCount: 0 });
  const empty = await me.client.json("POST", READ);
  assert.deepEqual(empty.body, { marked: 0, unreadCount: 0 });
  assert.equal(
    await countWhere(server, "notifications", "read_at IS NULL AND user_id = ?", [other.user.id]),
    2,
  );
  const otherView = await other.client.json("GET", LIST);
  assert.equal(otherView.body.unreadCount, 2);
  assert.ok(otherView.body.items.every((n: { read: boolean }) => !n.read));
});

Deno.test("notifications - bad input and no sign-in change nothing", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const me = await registerUser(server);
  await seed(server, clock, me.user.id, 2);
  const bodies: [unknown, string][] = [
    [{ ids: "all" }, "body.ids"],
    [{ ids: [1, 2] }, "body.ids.0"],
    [{ ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) }, "body.ids"],
    [{ ids: ["x".repeat(65)] }, "body.ids.0"],
  ];
  for (const [body, path] of bodies) {
    const res = await assertSocialUnchanged(server, () => me.client.json("POST", READ, body), path);
    assertFieldError(res, path);
  }
  assertUnknownField(
    await assertSocialUnchanged(server, () => me.client.json("POST", READ, { all: true })),
    "all",
  );
  for (const q of ["limit=0", "limit=101", "limit=abc", "unreadOnly=yes", "cursor=%00", "foo=1"]) {
    assertProblem(await me.client.json("GET", `${LIST}?${q}`), 422, "validation");
  }
  assertProblem(await apiClient(server).json("GET", LIST), 401, "unauthenticated");
  assertProblem(
    await assertSocialUnchanged(server, () => apiClient(server).json("POST", READ, {})),
    401,
    "unauthenticated",
  );
});

Deno.test("notifications page - lists, highlights unread, marks all read without JavaScript", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const me = await registerUser(server);
  await seed(server, clock, me.user.id, 2, {
    title: `<img src=x onerror=alert(1)> proposal`,
    link: "javascript:alert(1)",
  });
  const signedOut = await server.client().request("GET", "/notifications");
  assert.equal(signedOut.status, 303);
  assert.match(location(signedOut), /^\/login\?next=/);

  const { document, text } = await readHtml(await me.client.request("GET", "/notifications"));
  assert.equal(document.querySelectorAll(".notif-item.is-unread").length, 2);
  assert.doesNotMatch(text, /<img src=x/);
  for (const a of document.querySelectorAll(".notif-title a")) {
    assert.equal(a.getAttribute("href"), "/notifications", "only same-site links");
  }
  assert.equal(
    document.querySelector("wm-island[data-island=NotificationBadge] .notif-badge")
      ?.getAttribute("data-count"),
    "2",
  );

  const posted = await me.client.form("/notifications", { intent: "read-all", unread: "" });
  assert.equal(posted.status, 303);
  assert.equal(location(posted), "/notifications?marked=all");
  const after = await readHtml(await me.client.request("GET", "/notifications?marked=all"));
  assert.equal(after.document.querySelectorAll(".notif-item.is-unread").length, 0);
  assert.equal(after.document.querySelectorAll(".notif-item").length, 2);
  assert.equal(
    after.document.querySelector(".notif-badge")?.getAttribute("data-count"),
    "0",
  );
});

Deno.test("notifications page - marking one read only touches the viewer's own", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const me = await registerUser(server);
  const other = await registerUser(server);
  const [theirs] = await seed(server, clock, other.user.id, 1);
  const [mine] = await seed(server, clock, me.user.id, 1);
  await assertSocialUnchanged(server, async () => {
    const res = await me.client.form("/notifications", { intent: "read-one", id: theirs });
    assert.equal(res.status, 303);
  });
  const res = await me.client.form("/notifications", { intent: "read-one", id: mine });
  assert.equal(res.status, 303);
  assert.equal(await countWhere(server, "notifications", "read_at IS NOT NULL"), 1);
  assert.equal(
    await countWhere(server, "notifications", "id = ? AND read_at IS NULL", [theirs]),
    1,
  );
});
