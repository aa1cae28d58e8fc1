/**
 * Builds the simulated population of a run: which users exist, which conversations they are
 * in, who sends. For WorkMate it also writes them straight into the database the server will
 * open (registering through the API would spend ~12 ms of argon2id per user and hit the per-IP
 * sign-up limit): users with one precomputed password hash, sessions through the real
 * `startSession` (which signs the access tokens), DMs and channels as the chat modules store
 * them.
 */
import { createDb } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import {
  conversationMembers,
  conversations,
  workspaceMembers,
  workspaces,
} from "@/db/schema_chat.ts";
import { hashPassword } from "@/server/auth/passwords.ts";
import { startSession } from "@/server/auth/sessions.ts";
import { createTokenKeys } from "@/server/auth/tokens.ts";
import type { ClientSpec, Scenario, Target } from "./shared.ts";

export interface PopulationOptions {
  scenario: Scenario;
  connections: number;
  /** Members per channel (S2). */
  channelSize: number;
}

/** Who is in what, with placeholder ids/tokens: `materialize` fills them for WorkMate. */
export function planPopulation(options: PopulationOptions): ClientSpec[] {
  const clients: ClientSpec[] = [];
  for (let i = 0; i < options.connections; i++) {
    const group = options.scenario === "s2"
      ? `ch${Math.floor(i / options.channelSize)}`
      : `dm${Math.floor(i / 2)}`;
    clients.push({
      index: i,
      userId: `u${i}`,
      token: "",
      conversations: [group],
      sends: options.scenario !== "s3",
    });
  }
  return clients;
}

const CHUNK = 500;

/**
 * Stores the population in the database at `dataDir` (migrations applied by createDb) and
 * replaces the placeholder ids with real ones and tokens.
 */
export async function materialize(
  target: Target,
  dataDir: string,
  jwtSecret: string,
  clients: ClientSpec[],
): Promise<void> {
  if (target !== "workmate") return;
  const db = await createDb({ url: `file:${dataDir}/workmate.db` });
  const keys = createTokenKeys(jwtSecret);
  const now = Date.now();
  const passwordHash = await hashPassword("bench password 0123456789");
  const userIds = clients.map(() => crypto.randomUUID());
  const groupIds = new Map<string, string>();
  for (const c of clients) {
    for (const g of c.conversations) if (!groupIds.has(g)) groupIds.set(g, crypto.randomUUID());
  }
  const membersOf = new Map<string, string[]>();
  clients.forEach((c, i) => {
    for (const g of c.conversations) {
      const list = membersOf.get(g) ?? [];
      list.push(userIds[i]);
      membersOf.set(g, list);
    }
  });

  for (let i = 0; i < clients.length; i += CHUNK) {
    await db.write(async (tx) => {
      await tx.insert(users).values(
        userIds.slice(i, i + CHUNK).map((id, k) => ({
          id,
          email: `bench-${i + k}-${id.slice(0, 8)}@example.com`,
          passwordHash,
          emailVerifiedAt: now,
          displayName: `Bench ${i + k}`,
          role: (i + k) % 2 ? "worker" as const : "client" as const,
          createdAt: now,
          updatedAt: now,
        })),
      );
    });
  }
  const workspaceId = crypto.randomUUID();
  const isChannels = [...groupIds.keys()].some((g) => g.startsWith("ch"));
  await db.write(async (tx) => {
    if (isChannels) {
      await tx.insert(workspaces).values({
        id: workspaceId,
        name: "Bench",
        joinCode: crypto.randomUUID().slice(0, 12),
        ownerId: userIds[0],
        createdAt: now,
      });
      for (let i = 0; i < userIds.length; i += CHUNK) {
        await tx.insert(workspaceMembers).values(
          userIds.slice(i, i + CHUNK).map((userId, k) => ({
            workspaceId,
            userId,
            role: i + k === 0 ? "owner" as const : "member" as const,
            joinedAt: now,
          })),
        );
      }
    }
    const groups = [...groupIds];
    for (let i = 0; i < groups.length; i += CHUNK) {
      await tx.insert(conversations).values(
        groups.slice(i, i + CHUNK).map(([name, id]) => {
          const members = membersOf.get(name)!;
          return name.startsWith("ch")
            ? {
              id,
              kind: "channel" as const,
              workspaceId,
              name,
              createdBy: members[0],
              createdAt: now,
            }
            : {
              id,
              kind: "dm" as const,
              dmKey: [...members].sort().join(":"),
              createdBy: members[0],
              createdAt: now,
            };
        }),
      );
    }
    const rows = groups.flatMap(([name, id]) =>
      membersOf.get(name)!.map((userId) => ({ conversationId: id, userId, joinedAt: now }))
    );
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx.insert(conversationMembers).values(rows.slice(i, i + CHUNK));
    }
  });
  // Sessions through the real module: one session row, one refresh token, a signed access token.
  for (let i = 0; i < clients.length; i += CHUNK) {
    await db.write(async (tx) => {
      for (let k = i; k < Math.min(i + CHUNK, clients.length); k++) {
        const issued = await startSession(tx, keys, userIds[k], { ip: "127.0.0.1" }, now);
        clients[k].token = issued.accessToken;
      }
    });
  }
  clients.forEach((c, i) => {
    c.userId = userIds[i];
    c.conversations = c.conversations.map((g) => groupIds.get(g)!);
  });
  // Everything into the main file: a libSQL server (--db sqld) starts from a copy of it alone.
  await db.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
}
