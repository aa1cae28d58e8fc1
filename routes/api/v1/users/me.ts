import { Me, ProfilePatch } from "@/lib/schemas/auth.ts";
import { toMe, updateProfile } from "@/server/auth/users.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your account and profile",
    tags: ["users"],
    auth: true,
    responses: { 200: { description: "You", schema: Me }, 401: { description: "Not signed in" } },
    handle: (c, { viewer }) => c.json(toMe(viewer.user)),
  }),
  PATCH: op({
    summary: "Update your profile",
    description: "Send only the fields to change; null clears hourlyRate, location or timezone.",
    tags: ["users"],
    auth: true,
    body: ProfilePatch,
    responses: {
      200: { description: "The updated profile", schema: Me },
      401: { description: "Not signed in" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { body, viewer }) {
      const { db, clock, bus } = c.get("deps");
      const user = await db.write((tx) => updateProfile(tx, viewer.user.id, body, clock.now()));
      await bus.publish(`user:${user.id}`, { type: "user.updated", userId: user.id });
      return c.json(toMe(user));
    },
  }),
});
