/**
 * The messages pages without a browser: the no-JavaScript send form (idempotent on its
 * clientMsgId), access (a non-member gets the 404 page and can post nothing), message content
 * escaped in the server-rendered thread, the conversation list, and the workspace forms.
 */
import assert from "node:assert/strict";
import { readHtml } from "../pages/html.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { hire, marketplace, quote } from "../contracts/helpers.ts";

async function dmBetween(server: TestServer) {
  const a = await registerUser(server, { displayName: "Ana Author" });
  const b = await registerUser(server, { displayName: "Bo Reader" });
  const res = await a.client.form("/messages/new", { userId: b.user.id });
  assert.equal(res.status, 303);
  const path = new URL(res.headers.get("location")!, server.url).pathname;
  assert.match(path, /^\/messages\/[\w-]+$/);
  return { a, b, path, id: path.split("/").pop()! };
}

Deno.test("messages pages - the no-JS form sends, redirects back, and a resubmit stores nothing new", async () => {
  await using server = await startTestServer();
  const { a, b, path } = await dmBetween(server);

  const first = await a.client.request("GET", path);
  assert.equal(first.status, 200);
  const { document } = await readHtml(first);
  const form = document.querySelector(`form.chat-composer[action="${path}"]`);
  assert.ok(form, "the composer is a plain form posting to the page");
  assert.equal(form.getAttribute("method"), "post");
  const clientMsgId = form.querySelector('input[name="clientMsgId"]')?.getAttribute("value");
  assert.ok(clientMsgId);

  const sent = await a.client.form(path, { clientMsgId, content: "  Hello from a form  " });
  assert.equal(sent.status, 303);
  assert.equal(new URL(sent.headers.get("location")!, server.url).pathname, path);
  const again = await a.client.form(path, { clientMsgId, content: "  Hello from a form  " });
  assert.equal(again.status, 303);

  const page = await readHtml(await b.client.request("GET", path));
  const bubbles = page.document.querySelectorAll(".chat-messages .msg");
  assert.equal(bubbles.length, 1, "one message, not two");
  assert.equal(bubbles[0].querySelector(".msg-text")?.textContent, "Hello from a form");
  assert.ok(bubbles[0].classList.contains("msg-theirs"));
  const mine = await readHtml(await a.client.request("GET", path));
  assert.equal(
    mine.document.querySelector(".chat-messages .msg")?.getAttribute("data-status"),
    "read",
  );
});

Deno.test("messages pages - an empty or oversized message is refused in the form and nothing is stored", async () => {
  await using server = await startTestServer();
  const { a, path } = await dmBetween(server);
  const empty = await a.client.form(path, { clientMsgId: crypto.randomUUID(), content: "   " });
  assert.equal(empty.status, 422);
  const { document } = await readHtml(empty);
  assert.match(document.getElementById("f-content-error")?.textContent ?? "", /Write a message/);
  const big = await a.client.form(path, {
    clientMsgId: crypto.randomUUID(),
    content: "x".repeat(5001),
  });
  assert.equal(big.status, 422);
  const after = await readHtml(await a.client.request("GET", path));
  assert.equal(after.document.querySelectorAll(".chat-messages .msg").length, 0);
});

Deno.test("messages pages - a non-member gets the 404 page and cannot post", async () => {
  await using server = await startTestServer();
  const { a, path } = await dmBetween(server);
  await a.client.form(path, { clientMsgId: crypto.randomUUID(), content: "private words" });
  const eve = await registerUser(server, { displayName: "Eve Eavesdropper" });
  const res = await eve.client.request("GET", path);
  assert.equal(res.status, 404);
  const { text } = await readHtml(res);
  assert.doesNotMatch(text, /private words/);
  assert.doesNotMatch(text, /Ana Author/);
  const post = await eve.client.form(path, { clientMsgId: crypto.randomUUID(), content: "hi" });
  assert.equal(post.status, 404);
  const still = await readHtml(await a.client.request("GET", path));
  assert.equal(still.document.querySelectorAll(".chat-messages .msg").length, 1);
  const unknown = await eve.client.request("GET", "/messages/no-such-conversation");
  assert.equal(unknown.status, 404);
  const signedOut = await server.client().request("GET", path);
  assert.equal(signedOut.status, 303);
  assert.match(signedOut.headers.get("location") ?? "", /^\/login\?next=/);
});

Deno.test("messages pages - message content is escaped text; only http(s) links become links", async () => {
  await using server = await startTestServer();
  const { a, b, path } = await dmBetween(server);
  const hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1) " +
    "see https://ok.example/x.";
  await a.client.form(path, { clientMsgId: crypto.randomUUID(), content: hostile });
  for (const viewer of [a, b]) {
    const { text, document } = await readHtml(await viewer.client.request("GET", path));
    const msg = document.querySelector(".chat-messages .msg-text")!;
    assert.equal(msg.textContent, hostile.trim());
    assert.equal(msg.querySelectorAll("script, img").length, 0);
    assert.ok(text.includes("&lt;script>alert(1)&lt;/script>"));
    assert.ok(!text.includes("<img src=x"));
    const links = [...msg.querySelectorAll("a")];
    assert.deepEqual(links.map((l) => l.getAttribute("href")), ["https://ok.example/x"]);
    assert.equal(links[0].getAttribute("rel"), "noopener noreferrer nofollow");
    assert.equal(document.querySelectorAll('a[href^="javascript:"]').length, 0);
    // The list's preview is text too.
    const list = await readHtml(await viewer.client.request("GET", "/messages"));
    assert.equal(list.document.querySelectorAll(".convo-list script, .convo-list img").length, 0);
  }
});

Deno.test("messages pages - the list shows the conversation with its unread badge and preview", async () => {
  await using server = await startTestServer();
  const { a, b, path, id } = await dmBetween(server);
  await a.client.form(path, { clientMsgId: crypto.randomUUID(), content: "first" });
  await a.client.form(path, { clientMsgId: crypto.randomUUID(), content: "second" });
  const { document } = await readHtml(await b.client.request("GET", "/messages"));
  const row = document.querySelector(`.convo[data-conversation-id="${id}"]`);
  assert.ok(row);
  assert.equal(row.getAttribute("data-unread"), "2");
  assert.equal(row.querySelector(".convo-title")?.textContent, "Ana Author");
  assert.equal(row.querySelector(".convo-preview")?.textContent, "second");
  // Opening the thread reads it.
  await b.client.request("GET", path);
  const after = await readHtml(await b.client.request("GET", "/messages"));
  assert.equal(
    after.document.querySelector(`.convo[data-conversation-id="${id}"]`)?.getAttribute(
      "data-unread",
    ),
    "0",
  );
});

Deno.test("messages pages - Message buttons: a DM is found the same way from both sides", async () => {
  await using server = await startTestServer();
  const { a, b, path } = await dmBetween(server);
  const back = await b.client.form("/messages/new", { userId: a.user.id });
  assert.equal(back.status, 303);
  assert.equal(new URL(back.headers.get("location")!, server.url).pathname, path);
  const self = await a.client.form("/messages/new", { userId: a.user.id });
  assert.equal(self.status, 422);
  const nobody = await a.client.form("/messages/new", { userId: "nobody" });
  assert.equal(nobody.status, 404);
});

Deno.test("workspaces pages - create, join by code, create and join channels", async () => {
  await using server = await startTestServer();
  const owner = await registerUser(server, { displayName: "Olga Owner" });
  const mate = await registerUser(server, { displayName: "Max Mate" });
  const created = await owner.client.form("/workspaces", { intent: "create", name: "Tilers Co" });
  assert.equal(created.status, 303);
  const wsPath = new URL(created.headers.get("location")!, server.url).pathname;
  const wsPage = await readHtml(await owner.client.request("GET", wsPath));
  const code = wsPage.document.querySelector(".ws-code")?.textContent ?? "";
  assert.match(code, /^[2-9A-Z]{8}$/);
  assert.equal((await mate.client.request("GET", wsPath)).status, 404, "not a member yet");

  const bad = await mate.client.form("/workspaces", { intent: "join", code: "nope" });
  assert.equal(bad.status, 422);
  const joined = await mate.client.form("/workspaces", {
    intent: "join",
    code: code.toLowerCase(),
  });
  assert.equal(joined.status, 303);

  const channel = await owner.client.form(wsPath, { intent: "create-channel", name: "Design" });
  assert.equal(channel.status, 303);
  const channelPath = new URL(channel.headers.get("location")!, server.url).pathname;
  const dup = await owner.client.form(wsPath, { intent: "create-channel", name: "design" });
  assert.equal(dup.status, 409);
  const listed = await readHtml(await mate.client.request("GET", wsPath));
  const item = listed.document.querySelector(`[data-channel-id="${channelPath.split("/").pop()}"]`);
  assert.ok(item?.querySelector('input[name="intent"][value="join"]'), "mate can join #design");
  assert.equal((await mate.client.request("GET", channelPath)).status, 404, "not in it yet");
  const join = await mate.client.form(wsPath, {
    intent: "join",
    channelId: channelPath.split("/").pop()!,
  });
  assert.equal(join.status, 303);
  const thread = await readHtml(await mate.client.request("GET", channelPath));
  const members = [...thread.document.querySelectorAll(".chat-aside .member-list li")].map((li) =>
    li.getAttribute("data-user-id")
  );
  assert.deepEqual(members.sort(), [owner.user.id, mate.user.id].sort());
});

Deno.test("messages pages - Message buttons on jobs, proposals and contracts open the job thread", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId, contractId } = await hire(server);
  // The contract page: each party can message the other about this job.
  const contract = await readHtml(await client.client.request("GET", `/contracts/${contractId}`));
  const form = contract.document.querySelector('form.message-form[action="/messages/new"]');
  assert.equal(form?.querySelector('input[name="userId"]')?.getAttribute("value"), worker.id);
  assert.equal(form?.querySelector('input[name="jobId"]')?.getAttribute("value"), jobId);
  // The proposals page offers the same for each applicant.
  const proposals = await readHtml(await client.client.request("GET", `/jobs/${jobId}/proposals`));
  assert.ok(proposals.document.querySelector(`[data-message-user="${worker.id}"]`));

  const opened = await client.client.form("/messages/new", { userId: worker.id, jobId });
  assert.equal(opened.status, 303);
  const path = new URL(opened.headers.get("location")!, server.url).pathname;
  const fromWorker = await worker.client.form("/messages/new", { userId: client.id, jobId });
  assert.equal(new URL(fromWorker.headers.get("location")!, server.url).pathname, path);
  const thread = await readHtml(await worker.client.request("GET", path));
  const card = thread.document.querySelector(".chat-job-card");
  assert.ok(card, "a job thread shows the job card");
  assert.equal(card.querySelector(".chat-job-title")?.getAttribute("href"), `/jobs/${jobId}`);
  assert.equal(card.querySelector(`a[href="/contracts/${contractId}"]`)?.textContent, "Contract");
  // A different thread from the plain DM between the same two people.
  const dm = await client.client.form("/messages/new", { userId: worker.id });
  assert.notEqual(new URL(dm.headers.get("location")!, server.url).pathname, path);
});

Deno.test("messages pages - a worker with a proposal can message the job's client from the job page", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const before = await readHtml(await worker.client.request("GET", `/jobs/${jobId}`));
  assert.equal(before.document.querySelector(`[data-message-user="${client.id}"]`), null);
  const sent = await worker.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, quote());
  assert.equal(sent.status, 201);
  const after = await readHtml(await worker.client.request("GET", `/jobs/${jobId}`));
  const button = after.document.querySelector(`[data-message-user="${client.id}"]`);
  assert.ok(button);
  assert.equal(
    button.closest("form")?.querySelector('input[name="jobId"]')?.getAttribute("value"),
    jobId,
  );
  // The profile's button opens the plain DM.
  const profile = await readHtml(await worker.client.request("GET", `/users/${client.id}`));
  assert.ok(profile.document.querySelector(`[data-message-user="${client.id}"]`));
  const own = await readHtml(await worker.client.request("GET", `/users/${worker.id}`));
  assert.equal(own.document.querySelector("[data-message-user]"), null);
});
