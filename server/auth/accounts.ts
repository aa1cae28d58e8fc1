/**
 * Account use cases, shared by the JSON API and the HTML forms: register, sign in, verify
 * email, reset and change passwords. Each change and the mail it causes commit together.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database, Tx } from "@/db/client.ts";
import { emailTokens, type User, users } from "@/db/schema.ts";
import type { RegisterInput } from "@/lib/schemas/auth.ts";
import type { Bus } from "@/server/bus/bus.ts";
import type { Clock } from "@/server/clock.ts";
import { HttpError, validationError } from "@/server/errors.ts";
import { enqueue } from "@/server/jobs/queue.ts";
import {
  passwordChangedMail,
  passwordResetMail,
  verificationMail,
  welcomeMail,
} from "@/server/mail/templates.ts";
import { hashPassword, verifyDummy, verifyPassword } from "./passwords.ts";
import {
  type ClientMeta,
  type IssuedTokens,
  revokeUserSessions,
  startSession,
} from "./sessions.ts";
import { randomSecret, sha256, type TokenKeys } from "./tokens.ts";
import { getUserByEmail, getUserById } from "./users.ts";

export interface AccountDeps {
  db: Database;
  keys: TokenKeys;
  clock: Clock;
  bus: Bus;
}

const HOUR = 3600_000;
const VERIFY_TTL_MS = 24 * HOUR;
const RESET_TTL_MS = HOUR;

export interface SignedIn {
  user: User;
  tokens: IssuedTokens;
}

/** Creates the account, signs it in, and queues the verification mail. */
export async function register(
  deps: AccountDeps,
  input: RegisterInput,
  meta: ClientMeta,
  origin: string,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const result = await deps.db.write(async (tx) => {
    if (await getUserByEmail(tx, input.email)) {
      throw new HttpError(
        "email-taken",
        "Sign in instead, or reset your password if you forgot it.",
      );
    }
    const [user] = await tx.insert(users).values({
      id: crypto.randomUUID(),
      email: input.email,
      passwordHash,
      displayName: input.displayName,
      role: input.role,
      createdAt: now,
      updatedAt: now,
    }).returning();
    await sendVerification(tx, user, origin, now);
    const tokens = await startSession(tx, deps.keys, user.id, meta, now);
    return { user, tokens };
  });
  await deps.bus.publish("system", {
    type: "user.registered",
    userId: result.user.id,
    role: result.user.role,
  });
  return result;
}

const badCredentials = () =>
  new HttpError("invalid-credentials", "Check your email and password and try again.");

/** Unknown email and wrong password answer alike, in about the same time. */
export async function login(
  deps: AccountDeps,
  email: string,
  password: string,
  meta: ClientMeta,
): Promise<SignedIn> {
  const user = await getUserByEmail(deps.db.orm, email);
  if (!user || user.status === "deleted") {
    await verifyDummy(password);
    throw badCredentials();
  }
  if (!await verifyPassword(user.passwordHash, password)) throw badCredentials();
  if (user.status === "banned") {
    throw new HttpError(
      "account-suspended",
      "This account is suspended. Contact support if you think this is a mistake.",
    );
  }
  const tokens = await deps.db.write((tx) =>
    startSession(tx, deps.keys, user.id, meta, deps.clock.now())
  );
  return { user, tokens };
}

async function createEmailToken(
  tx: Tx,
  userId: string,
  purpose: "verify_email" | "reset_password",
  ttlMs: number,
  now: number,
): Promise<string> {
  const secret = randomSecret();
  await tx.insert(emailTokens).values({
    tokenHash: await sha256(secret),
    userId,
    purpose,
    createdAt: now,
    expiresAt: now + ttlMs,
  });
  return secret;
}

async function sendVerification(tx: Tx, user: User, origin: string, now: number) {
  const token = await createEmailToken(tx, user.id, "verify_email", VERIFY_TTL_MS, now);
  const url = `${origin}/verify-email?token=${encodeURIComponent(token)}`;
  await enqueue(tx, "mail.send", verificationMail(user.email, user.displayName, url), { now });
}

/** Marks the token used and returns its user, or throws when it is unknown, used or expired. */
async function consumeEmailToken(
  tx: Tx,
  secret: string,
  purpose: "verify_email" | "reset_password",
  now: number,
): Promise<User> {
  const [row] = await tx.update(emailTokens).set({ usedAt: now }).where(and(
    eq(emailTokens.tokenHash, await sha256(secret)),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, now),
  )).returning();
  const user = row && await getUserById(tx, row.userId);
  if (!user || user.status !== "active") {
    throw new HttpError(
      "invalid-token",
      purpose === "verify_email"
        ? "This confirmation link is invalid, used or expired. Ask for a new one."
        : "This reset link is invalid, used or expired. Ask for a new one.",
    );
  }
  return user;
}

export async function verifyEmail(
  deps: AccountDeps,
  secret: string,
  origin: string,
): Promise<User> {
  const now = deps.clock.now();
  const user = await deps.db.write(async (tx) => {
    const user = await consumeEmailToken(tx, secret, "verify_email", now);
    if (user.emailVerifiedAt !== null) return user;
    const [updated] = await tx.update(users).set({ emailVerifiedAt: now, updatedAt: now })
      .where(eq(users.id, user.id)).returning();
    await enqueue(
      tx,
      "mail.send",
      welcomeMail(user.email, user.displayName, user.role, `${origin}/dashboard`),
      { now },
    );
    return updated;
  });
  await deps.bus.publish(`user:${user.id}`, { type: "user.verified", userId: user.id });
  return user;
}

/** Sends a fresh link when the account exists and is unverified; answers the same either way. */
export async function resendVerification(deps: AccountDeps, email: string, origin: string) {
  const now = deps.clock.now();
  await deps.db.write(async (tx) => {
    const user = await getUserByEmail(tx, email);
    if (!user || user.status !== "active" || user.emailVerifiedAt !== null) return;
    await sendVerification(tx, user, origin, now);
  });
}

/** Sends a reset link when the account exists; answers the same either way. */
export async function forgotPassword(deps: AccountDeps, email: string, origin: string) {
  const now = deps.clock.now();
  await deps.db.write(async (tx) => {
    const user = await getUserByEmail(tx, email);
    if (!user || user.status !== "active") return;
    const token = await createEmailToken(tx, user.id, "reset_password", RESET_TTL_MS, now);
    const url = `${origin}/reset-password?token=${encodeURIComponent(token)}`;
    await enqueue(tx, "mail.send", passwordResetMail(user.email, user.displayName, url), { now });
  });
}

function assertPasswordNotEmail(user: User, password: string, field: string) {
  if (password.trim().toLowerCase() === user.email) {
    throw validationError([{
      path: `body.${field}`,
      message: "Your password cannot be your email address.",
    }]);
  }
}

/** Sets a new password from a reset link and signs out every session. */
export async function resetPassword(deps: AccountDeps, secret: string, password: string) {
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const user = await deps.db.write(async (tx) => {
    const user = await consumeEmailToken(tx, secret, "reset_password", now);
    assertPasswordNotEmail(user, password, "password");
    // Following the link proves control of the mailbox, which is what verification asks.
    await tx.update(users).set({
      passwordHash,
      emailVerifiedAt: user.emailVerifiedAt ?? now,
      updatedAt: now,
    }).where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, "password-reset", now);
    await enqueue(tx, "mail.send", passwordChangedMail(user.email, user.displayName), { now });
    return user;
  });
  await deps.bus.publish(`user:${user.id}`, {
    type: "user.sessions_revoked",
    userId: user.id,
    reason: "password-reset",
  });
}

/** Changes the password of a signed-in user; their other sessions are signed out. */
export async function changePassword(
  deps: AccountDeps,
  user: User,
  sessionId: string,
  current: string,
  next: string,
) {
  if (!await verifyPassword(user.passwordHash, current)) {
    throw validationError([{
      path: "body.currentPassword",
      message: "Your current password is not correct.",
    }]);
  }
  assertPasswordNotEmail(user, next, "newPassword");
  const passwordHash = await hashPassword(next);
  const now = deps.clock.now();
  await deps.db.write(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, "password-changed", now, sessionId);
    await enqueue(tx, "mail.send", passwordChangedMail(user.email, user.displayName), { now });
  });
  await deps.bus.publish(`user:${user.id}`, {
    type: "user.sessions_revoked",
    userId: user.id,
    reason: "password-changed",
  });
}
