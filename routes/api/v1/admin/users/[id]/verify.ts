import { z } from "zod";
import { IdParams, VerifyResult } from "@/lib/schemas/social.ts";
import { setAdminVerification, toVerifyJson } from "@/server/profiles/verification.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { defineApi, op } from "@/server/web/api.ts";

/** No fields; declared so that a body with any is refused rather than ignored. */
const NoBody = z.strictObject({});

const responses = {
  200: { description: "The user's verification", schema: VerifyResult },
  401: { description: "Not signed in" },
  403: { description: "Not an admin" },
  404: { description: "No such user" },
  422: { description: "A body with fields, or a malformed id" },
};

async function setVerified(c: AppContext, viewer: Viewer, id: string, verified: boolean) {
  const { db, clock, bus } = c.get("deps");
  const user = await db.write((tx) =>
    setAdminVerification(tx, viewer.user, id, verified, clock.now())
  );
  await bus.publish(`user:${user.id}`, { type: "user.updated", userId: user.id });
  return c.json(toVerifyJson(user));
}

export const handler = defineApi({
  POST: op({
    summary: "Verify a user (admins)",
    description: "The public badge shows when the user's email is confirmed too.",
    tags: ["admin"],
    auth: true,
    params: IdParams,
    body: NoBody,
    responses,
    handle: (c, { params, viewer }) => setVerified(c, viewer, params.id, true),
  }),
  DELETE: op({
    summary: "Withdraw a user's verification (admins)",
    tags: ["admin"],
    auth: true,
    params: IdParams,
    body: NoBody,
    responses,
    handle: (c, { params, viewer }) => setVerified(c, viewer, params.id, false),
  }),
});
