import { z } from "zod";
import { IdParams } from "@/lib/schemas/social.ts";
import { banUser, unbanUser } from "@/server/auth/moderation.ts";
import { defineApi, op } from "@/server/web/api.ts";

/** No fields; declared so that a body with any is refused rather than ignored. */
const NoBody = z.strictObject({});
const BanResult = z.object({ userId: z.string(), status: z.enum(["active", "banned"]) }).meta({
  id: "BanResult",
});

const responses = {
  200: { description: "The account's status", schema: BanResult },
  401: { description: "Not signed in" },
  403: { description: "Not an admin" },
  404: { description: "No such user" },
  409: { description: "Admins cannot suspend themselves" },
};

export const handler = defineApi({
  POST: op({
    summary: "Suspend an account (admins)",
    description:
      "Revokes every session at once and closes the user's live connections on every instance.",
    tags: ["admin"],
    auth: true,
    params: IdParams,
    body: NoBody,
    responses,
    async handle(c, { params, viewer }) {
      const { db, bus, clock } = c.get("deps");
      const user = await banUser({ db, bus, now: clock.now() }, viewer.user, params.id);
      return c.json({ userId: user.id, status: "banned" as const });
    },
  }),
  DELETE: op({
    summary: "Lift a suspension (admins)",
    tags: ["admin"],
    auth: true,
    params: IdParams,
    body: NoBody,
    responses,
    async handle(c, { params, viewer }) {
      const { db, bus, clock } = c.get("deps");
      const user = await unbanUser({ db, bus, now: clock.now() }, viewer.user, params.id);
      return c.json({
        userId: user.id,
        status: user.status === "banned" ? "banned" as const : "active" as const,
      });
    },
  }),
});
