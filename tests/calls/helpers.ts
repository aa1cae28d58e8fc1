/**
 * Call test helpers: users with a DM (or a channel) between them, written straight to the
 * database so the call tests depend only on the gateway, and their WebSockets
 * (tests/helpers/ws.ts).
 */
import { and, eq } from "drizzle-orm";
import {
  calls,
  conversationMembers,
  conversations,
  messages,
  workspaceMembers,
  workspaces,
} from "@/db/schema_chat.ts";
import { notifications } from "@/db/schema_social.ts";
import { registerUser, type TestClient, type TestServer } from "../helpers/server.ts";
import { connectAs, type WsClient } from "../helpers/ws.ts";

export interface Party {
  id: string;
  name: string;
  email: string;
  password: string;
  client: TestClient;
}

export async function party(server: TestServer, name: string): Promise<Party> {
  const { user, client, creds } = await registerUser(server, { displayName: name });
  return { id: user.id, name, email: creds.email, password: creds.password, client };
}

async function conversation(
  server: TestServer,
  kind: "dm" | "job" | "channel",
  members: Party[],
  extra: { dmKey?: string; workspaceId?: string; name?: string } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const now = server.deps.clock.now();
  await server.deps.db.write(async (tx) => {
    await tx.insert(conversations).values({
      id,
      kind,
      dmKey: extra.dmKey ?? null,
      workspaceId: extra.workspaceId ?? null,
      name: extra.name ?? null,
      createdBy: members[0].id,
      createdAt: now,
    });
    await tx.insert(conversationMembers).values(
      members.map((m) => ({ conversationId: id, userId: m.id, joinedAt: now })),
    );
  });
  return id;
}

export function createDm(server: TestServer, a: Party, b: Party) {
  return conversation(server, "dm", [a, b], { dmKey: [a.id, b.id].sort().join(":") });
}

export function createJobThread(server: TestServer, a: Party, b: Party) {
  return conversation(server, "job", [a, b], {
    dmKey: `job:${crypto.randomUUID()}:${[a.id, b.id].sort().join(":")}`,
  });
}

/** A workspace channel with exactly these members (two of them, like a DM — still refused). */
export async function createChannel(server: TestServer, members: Party[]) {
  const workspaceId = crypto.randomUUID();
  const now = server.deps.clock.now();
  await server.deps.db.write(async (tx) => {
    await tx.insert(workspaces).values({
      id: workspaceId,
      name: "Crew",
      joinCode: crypto.randomUUID().slice(0, 8),
      ownerId: members[0].id,
      createdAt: now,
    });
    await tx.insert(workspaceMembers).values(members.map((m, i) => ({
      workspaceId,
      userId: m.id,
      role: i === 0 ? "owner" as const : "member" as const,
      joinedAt: now,
    })));
  });
  return conversation(server, "channel", members, { workspaceId, name: "general" });
}

/** Round trip through the server: everything it sent this socket before is in `frames`. */
export async function flush(socket: WsClient) {
  const t = Math.random();
  socket.send({ type: "ping", t });
  await socket.next("pong", (f) => f.t === t);
}

/** Opens /ws as `p` with the access cookie (like a browser) and waits for `authenticated`. */
export function connect(server: TestServer, p: Party): Promise<WsClient> {
  return connectAs(server, p.client);
}

export async function callRow(server: TestServer, callId: string) {
  const [row] = await server.deps.db.orm.select().from(calls).where(eq(calls.id, callId));
  return row;
}

export async function callMessages(server: TestServer, conversationId: string) {
  return await server.deps.db.orm.select().from(messages).where(
    and(eq(messages.conversationId, conversationId), eq(messages.kind, "call")),
  ).orderBy(messages.seq);
}

export async function notificationsOf(server: TestServer, userId: string) {
  return await server.deps.db.orm.select().from(notifications)
    .where(eq(notifications.userId, userId));
}

/** Starts a call from `caller` and returns it once both sides heard of it. */
export async function ring(
  caller: WsClient,
  callee: WsClient,
  conversationId: string,
  media: "audio" | "video" = "video",
) {
  caller.send({ type: "call:initiate", conversationId, media });
  const ringing = await caller.next(
    "call:ringing",
    (f) => f.call.conversationId === conversationId,
  );
  const incoming = await callee.next("incoming_call", (f) => f.call.id === ringing.call.id);
  return { call: ringing.call, ringing, incoming };
}
