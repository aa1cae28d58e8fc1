import assert from "node:assert/strict";
import { JOIN_CODE_ALPHABET } from "@/lib/schemas/chat.ts";
import { generateJoinCode } from "@/server/chat/workspaces.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { msgId, person } from "./setup.ts";

Deno.test("workspaces - join codes are 8 unambiguous characters", () => {
  const codes = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const code = generateJoinCode();
    assert.match(code, /^[2-9A-HJKMNP-Z]{8}$/);
    for (const ch of code) assert.ok(JOIN_CODE_ALPHABET.includes(ch));
    codes.add(code);
  }
  assert.equal(codes.size, 500);
});

Deno.test("workspaces - create, join by code (any case), roles and #general", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const created = await ana.client.json("POST", "/api/v1/workspaces", { name: "  Acme Crew " });
  assert.equal(created.status, 201);
  assert.equal(created.body.name, "Acme Crew");
  assert.equal(created.body.role, "owner");
  assert.equal(created.body.memberCount, 1);
  const a = await connectAs(server, ana.client);
  assert.deepEqual(a.authenticated!.conversations.map((c) => c.id), [
    created.body.generalChannelId,
  ]);
  const joined = await ben.client.json("POST", "/api/v1/workspaces/join", {
    code: created.body.joinCode.toLowerCase(),
  });
  assert.equal(joined.status, 200);
  assert.equal(joined.body.role, "member");
  assert.equal(joined.body.memberCount, 2);
  assert.equal((await a.next("user_joined")).userId, ben.id);
  const again = await ben.client.json("POST", "/api/v1/workspaces/join", {
    code: created.body.joinCode,
  });
  assert.equal(again.body.memberCount, 2, "joining twice changes nothing");
  const mine = await ben.client.json("GET", "/api/v1/workspaces");
  assert.deepEqual(mine.body.items.map((w: { id: string }) => w.id), [created.body.id]);
  const members = await ben.client.json(
    "GET",
    `/api/v1/channels/${created.body.generalChannelId}/members`,
  );
  assert.deepEqual(
    members.body.items.map((
      m: { displayName: string; workspaceRole: string; online: boolean },
    ) => [m.displayName, m.workspaceRole, m.online]),
    [["Ana", "owner", true], ["Ben", "member", false]],
  );
  // #general cannot be left.
  const leave = await ben.client.json(
    "POST",
    `/api/v1/channels/${created.body.generalChannelId}/leave`,
  );
  assert.equal(leave.status, 409);
  // Outsiders see nothing of it.
  const eve = await person(server, "Eve");
  assert.equal(
    (await eve.client.json("GET", `/api/v1/workspaces/${created.body.id}/channels`)).status,
    404,
  );
  assert.equal(
    (await eve.client.json("POST", `/api/v1/workspaces/${created.body.id}/channels`, { name: "x" }))
      .status,
    404,
  );
  assert.equal(
    (await eve.client.json("POST", `/api/v1/channels/${created.body.generalChannelId}/join`))
      .status,
    404,
  );
  await a.close();
});

Deno.test("channels - public: list, join and leave (REST and join_room/leave_room), live", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const ws = (await ana.client.json("POST", "/api/v1/workspaces", { name: "Crew" })).body;
  await ben.client.json("POST", "/api/v1/workspaces/join", { code: ws.joinCode });
  const created = await ana.client.json("POST", `/api/v1/workspaces/${ws.id}/channels`, {
    name: "Random",
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.name, "random");
  assert.equal(created.body.isMember, true);
  const dup = await ben.client.json("POST", `/api/v1/workspaces/${ws.id}/channels`, {
    name: "random",
  });
  assert.equal(dup.status, 409);
  const bad = await ben.client.json("POST", `/api/v1/workspaces/${ws.id}/channels`, {
    name: "no spaces",
  });
  assert.equal(bad.status, 422);
  const listed = await ben.client.json("GET", `/api/v1/workspaces/${ws.id}/channels`);
  assert.deepEqual(
    listed.body.items.map((c: { name: string; isMember: boolean }) => [c.name, c.isMember]),
    [["general", true], ["random", false]],
  );
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  a.send({
    type: "send_message",
    conversationId: created.body.id,
    clientMsgId: msgId(),
    content: "before Ben",
  });
  await a.next("ack");
  // Ben is not a member: he gets nothing of it, until he joins with join_room.
  b.send({ type: "join_room", conversationId: created.body.id });
  assert.deepEqual(await a.next("user_joined", (f) => f.conversationId === created.body.id), {
    type: "user_joined",
    conversationId: created.body.id,
    userId: ben.id,
  });
  await b.next("user_joined", (f) => f.conversationId === created.body.id);
  assert.equal(b.all("new_message").length, 0);
  a.send({
    type: "send_message",
    conversationId: created.body.id,
    clientMsgId: msgId(),
    content: "hi Ben",
  });
  assert.equal((await b.next("new_message")).message.content, "hi Ben");
  // Joining starts your receipt at the end: the old message is not "unread".
  const summary = await ben.client.json("GET", `/api/v1/conversations/${created.body.id}`);
  assert.equal(summary.body.unread, 1);
  b.send({ type: "leave_room", conversationId: created.body.id });
  await a.next("user_left");
  await b.next("user_left");
  a.send({
    type: "send_message",
    conversationId: created.body.id,
    clientMsgId: msgId(),
    content: "after Ben",
  });
  await a.next("new_message", (f) => f.message.content === "after Ben");
  // REST join/leave do the same.
  const viaRest = await ben.client.json("POST", `/api/v1/channels/${created.body.id}/join`);
  assert.equal(viaRest.status, 200);
  assert.equal(viaRest.body.isMember, true);
  a.send({
    type: "send_message",
    conversationId: created.body.id,
    clientMsgId: msgId(),
    content: "back",
  });
  await b.next("new_message", (f) => f.message.content === "back");
  assert.deepEqual(
    b.all("new_message").map((f) => f.message.content),
    ["hi Ben", "back"],
    "nothing while he was out",
  );
  await Promise.all([a.close(), b.close()]);
});

Deno.test("channels - private: invisible to outsiders, joined only by invitation", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const cy = await person(server, "Cy");
  const outsider = await person(server, "Out");
  const ws = (await ana.client.json("POST", "/api/v1/workspaces", { name: "Crew" })).body;
  await ben.client.json("POST", "/api/v1/workspaces/join", { code: ws.joinCode });
  await cy.client.json("POST", "/api/v1/workspaces/join", { code: ws.joinCode });
  const secret = (await ana.client.json("POST", `/api/v1/workspaces/${ws.id}/channels`, {
    name: "secret",
    isPrivate: true,
  })).body;
  assert.equal(secret.isPrivate, true);
  for (
    const [method, path] of [
      ["POST", `/api/v1/channels/${secret.id}/join`],
      ["GET", `/api/v1/channels/${secret.id}/members`],
      ["POST", `/api/v1/channels/${secret.id}/leave`],
    ] as const
  ) {
    assert.equal((await ben.client.json(method, path)).status, 404, path);
  }
  const invite = (who: typeof ana, userId: string) =>
    who.client.json("POST", `/api/v1/channels/${secret.id}/invite`, { userId });
  assert.equal((await invite(ben, cy.id)).status, 404, "a non-member cannot invite (or see it)");
  assert.equal((await invite(ana, outsider.id)).status, 404, "only workspace members can be added");
  const b = await connectAs(server, ben.client);
  const added = await invite(ana, ben.id);
  assert.equal(added.status, 200);
  assert.equal(added.body.memberCount, 2);
  // Ben's live socket joins at once.
  await b.next("user_joined", (f) => f.conversationId === secret.id);
  const a = await connectAs(server, ana.client);
  a.send({
    type: "send_message",
    conversationId: secret.id,
    clientMsgId: msgId(),
    content: "psst",
  });
  assert.equal((await b.next("new_message")).message.content, "psst");
  // Members may invite too.
  assert.equal((await invite(ben, cy.id)).status, 200);
  const members = await cy.client.json("GET", `/api/v1/channels/${secret.id}/members`);
  assert.equal(members.body.items.length, 3);
  await Promise.all([a.close(), b.close()]);
});
