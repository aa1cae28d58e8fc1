import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { postJob, uploadPng, verifiedClient } from "../jobs/helpers.ts";
import { countRows, msgId, openDm, person } from "./setup.ts";

Deno.test("chat api - a DM is found the same way whoever starts it", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const first = await ana.client.json("POST", "/api/v1/conversations", { userId: ben.id });
  assert.equal(first.status, 201);
  assert.equal(first.body.kind, "dm");
  assert.equal(first.body.title, "Ben");
  assert.deepEqual(
    first.body.members.map((m: { id: string }) => m.id).sort(),
    [ana.id, ben.id].sort(),
  );
  const again = await ben.client.json("POST", "/api/v1/conversations", { userId: ana.id });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, first.body.id);
  assert.equal(again.body.title, "Ana");
  assert.equal(await countRows(server, "SELECT count(*) FROM conversations"), 1);
});

Deno.test("chat api - hostile input is refused with a clear error and changes nothing", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const cases: [string, string, unknown, number][] = [
    ["POST", "/api/v1/conversations", { userId: ana.id }, 422],
    ["POST", "/api/v1/conversations", { userId: "nobody" }, 404],
    ["POST", "/api/v1/conversations", { userId: ben.id, admin: true }, 422],
    ["POST", "/api/v1/conversations", { userId: "x".repeat(65) }, 422],
    ["POST", "/api/v1/conversations", "[]", 422],
    ["POST", `/api/v1/conversations/${dm.id}/messages`, { clientMsgId: "a", content: "" }, 422],
    ["POST", `/api/v1/conversations/${dm.id}/messages`, {
      clientMsgId: "a",
      content: "x".repeat(5001),
    }, 422],
    ["POST", `/api/v1/conversations/${dm.id}/messages`, { content: "no id" }, 422],
    ["POST", `/api/v1/conversations/${dm.id}/messages`, {
      clientMsgId: "a",
      content: "x",
      attachments: ["not-mine"],
    }, 422],
    ["POST", `/api/v1/conversations/${dm.id}/messages`, {
      clientMsgId: "a",
      content: "x",
      replyTo: "nope",
    }, 422],
    ["POST", `/api/v1/conversations/${dm.id}/read`, { seq: -1 }, 422],
    ["POST", `/api/v1/conversations/${dm.id}/read`, { seq: "1" }, 422],
    ["GET", `/api/v1/conversations/${dm.id}/messages?before=1&after=1`, undefined, 422],
    ["GET", `/api/v1/conversations/${dm.id}/messages?limit=0`, undefined, 422],
    ["GET", `/api/v1/conversations/${dm.id}/messages?limit=101`, undefined, 422],
    ["GET", `/api/v1/conversations/${dm.id}/messages?before=abc`, undefined, 422],
    ["GET", "/api/v1/conversations?kind=secret", undefined, 422],
    ["POST", "/api/v1/workspaces", { name: " " }, 422],
    ["POST", "/api/v1/workspaces/join", { code: "0OIL0OIL" }, 422],
    ["POST", "/api/v1/workspaces/join", { code: "ABCDEFGH" }, 404],
  ];
  const before = await countRows(
    server,
    "SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM conversations) + (SELECT count(*) FROM workspaces)",
  );
  for (const [method, path, body, status] of cases) {
    const res = typeof body === "string"
      ? await ana.client.json(method, path, body, { "content-type": "application/json" })
      : await ana.client.json(method, path, body);
    assert.equal(
      res.status,
      status,
      `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`,
    );
    assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
    assert.ok(res.body.detail, "says what is wrong");
  }
  const after = await countRows(
    server,
    "SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM conversations) + (SELECT count(*) FROM workspaces)",
  );
  assert.equal(after, before);
  // Signed out: 401 everywhere.
  const anon = server.client();
  for (
    const path of [
      "/api/v1/conversations",
      "/api/v1/workspaces",
      `/api/v1/conversations/${dm.id}/messages`,
    ]
  ) {
    assert.equal((await anon.json("GET", path)).status, 401, path);
  }
});

Deno.test("chat api - non-members get 404 and others' messages cannot be edited or deleted", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const eve = await person(server, "Eve");
  const dm = await openDm(ana, ben);
  const sent = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
    clientMsgId: msgId(),
    content: "private",
  });
  assert.equal(sent.status, 201);
  for (
    const [method, path, body] of [
      ["GET", `/api/v1/conversations/${dm.id}`, undefined],
      ["GET", `/api/v1/conversations/${dm.id}/messages`, undefined],
      ["POST", `/api/v1/conversations/${dm.id}/messages`, { clientMsgId: msgId(), content: "in" }],
      ["POST", `/api/v1/conversations/${dm.id}/read`, { seq: 1 }],
    ] as const
  ) {
    const res = await eve.client.json(method, path, body);
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.doesNotMatch(JSON.stringify(res.body), /private/);
  }
  const e = await connectAs(server, eve.client);
  e.send({ type: "edit_message", messageId: sent.body.message.id, content: "mine now" });
  assert.equal((await e.next("error")).code, "not_found");
  e.send({ type: "react", messageId: sent.body.message.id, emoji: "😀" });
  assert.equal((await e.next("error")).code, "not_found");
  e.send({ type: "mark_as_read", conversationId: dm.id, seq: 1 });
  assert.equal((await e.next("error")).code, "not_found");
  const b = await connectAs(server, ben.client);
  b.send({ type: "delete_message", messageId: sent.body.message.id });
  assert.equal((await b.next("error")).code, "forbidden");
  b.send({ type: "leave_room", conversationId: dm.id });
  assert.equal((await b.next("error")).code, "forbidden");
  assert.equal(
    await countRows(server, "SELECT count(*) FROM messages WHERE content = 'private'"),
    1,
  );
  await Promise.all([e.close(), b.close()]);
});

Deno.test("chat api - message pages go back by seq, newest page first", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  for (let i = 1; i <= 7; i++) {
    await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
      clientMsgId: msgId(),
      content: `m${i}`,
    });
  }
  const newest = await ben.client.json("GET", `/api/v1/conversations/${dm.id}/messages?limit=3`);
  assert.deepEqual(newest.body.items.map((m: { seq: number }) => m.seq), [5, 6, 7]);
  assert.equal(newest.body.hasMore, true);
  assert.equal(newest.body.lastSeq, 7);
  const older = await ben.client.json(
    "GET",
    `/api/v1/conversations/${dm.id}/messages?limit=3&before=5`,
  );
  assert.deepEqual(older.body.items.map((m: { seq: number }) => m.seq), [2, 3, 4]);
  const oldest = await ben.client.json(
    "GET",
    `/api/v1/conversations/${dm.id}/messages?limit=3&before=2`,
  );
  assert.deepEqual(oldest.body.items.map((m: { seq: number }) => m.seq), [1]);
  assert.equal(oldest.body.hasMore, false);
  const list = await ben.client.json("GET", "/api/v1/conversations");
  assert.equal(list.body.items[0].unread, 7);
  const read = await ben.client.json("POST", `/api/v1/conversations/${dm.id}/read`, { seq: 5 });
  assert.deepEqual(read.body, { conversationId: dm.id, lastReadSeq: 5, unread: 2 });
  const back = await ben.client.json("POST", `/api/v1/conversations/${dm.id}/read`, { seq: 1 });
  assert.equal(back.body.lastReadSeq, 5, "receipts never move back");
});

Deno.test("chat api - job threads: between the client and an applicant, with the job card", async () => {
  await using server = await startTestServer();
  const { client: owner, user: ownerUser } = await verifiedClient(server, "Olga");
  const job = await postJob(owner);
  if (job.status !== "open") {
    assert.equal((await owner.json("POST", `/api/v1/jobs/${job.id}/publish`)).status, 200);
  }
  const worker = await person(server, "Will");
  const stranger = await person(server, "Stan");
  const applied = await worker.client.json("POST", `/api/v1/jobs/${job.id}/proposals`, {
    kind: "instant",
  });
  assert.equal(applied.status, 201, JSON.stringify(applied.body));

  const thread = await owner.json("POST", "/api/v1/conversations", {
    userId: worker.id,
    jobId: job.id,
  });
  assert.equal(thread.status, 201, JSON.stringify(thread.body));
  assert.equal(thread.body.kind, "job");
  assert.equal(thread.body.job.id, job.id);
  assert.equal(thread.body.job.title, job.title);
  assert.equal(thread.body.job.contract, null);
  const same = await worker.client.json("POST", "/api/v1/conversations", {
    userId: ownerUser.id,
    jobId: job.id,
  });
  assert.equal(same.body.id, thread.body.id);
  const dm = await worker.client.json("POST", "/api/v1/conversations", { userId: ownerUser.id });
  assert.notEqual(dm.body.id, thread.body.id, "the job thread is not the DM");
  // The client cannot open a thread with someone who never applied; a stranger learns nothing.
  assert.equal(
    (await owner.json("POST", "/api/v1/conversations", { userId: stranger.id, jobId: job.id }))
      .status,
    403,
  );
  assert.equal(
    (await stranger.client.json("POST", "/api/v1/conversations", {
      userId: ownerUser.id,
      jobId: job.id,
    })).status,
    404,
  );
  assert.equal(
    (await stranger.client.json("POST", "/api/v1/conversations", {
      userId: worker.id,
      jobId: job.id,
    })).status,
    404,
  );
  assert.equal(
    (await owner.json("POST", "/api/v1/conversations", { userId: worker.id, jobId: "nope" }))
      .status,
    404,
  );
});

Deno.test("chat api - message attachments are readable by the conversation's members only", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const eve = await person(server, "Eve");
  const dm = await openDm(ana, ben);
  const fileId = await uploadPng(ana.client, "plan.png");
  // Ben cannot attach Ana's upload.
  const stolen = await ben.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
    clientMsgId: msgId(),
    content: "",
    attachments: [fileId],
  });
  assert.equal(stolen.status, 422);
  assert.equal((await ben.client.request("GET", `/files/${fileId}`)).status, 404);
  const sent = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
    clientMsgId: msgId(),
    content: "",
    attachments: [fileId],
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.deepEqual(sent.body.message.attachments.map((a: { id: string; url: string }) => a.url), [
    `/files/${fileId}`,
  ]);
  const asBen = await ben.client.request("GET", `/files/${fileId}`);
  assert.equal(asBen.status, 200);
  await asBen.body?.cancel();
  const asEve = await eve.client.request("GET", `/files/${fileId}`);
  assert.equal(asEve.status, 404);
  await asEve.body?.cancel();
  // Deleted with its message: members no longer see it (its owner still does).
  const a = await connectAs(server, ana.client);
  a.send({ type: "delete_message", messageId: sent.body.message.id });
  await a.next("message_updated");
  const afterDelete = await ben.client.request("GET", `/files/${fileId}`);
  assert.equal(afterDelete.status, 404);
  await afterDelete.body?.cancel();
  await a.close();
});

Deno.test("chat api - HTML and scripts in content are stored and returned verbatim, as text", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const b = await connectAs(server, ben.client);
  const hostile = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1)) javascript:alert(1)",
    "</script><svg onload=alert(1)>",
  ];
  for (const content of hostile) {
    const res = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
      clientMsgId: msgId(),
      content,
    });
    assert.equal(res.status, 201);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(res.body.message.content, content);
    assert.equal((await b.next("new_message")).message.content, content);
  }
  const page = await ben.client.json("GET", `/api/v1/conversations/${dm.id}/messages`);
  assert.deepEqual(page.body.items.map((m: { content: string }) => m.content), hostile);
  await b.close();
});
