import { JoinWorkspaceBody, WorkspaceView } from "@/lib/schemas/chat.ts";
import { joinWorkspace } from "@/server/chat/workspaces.ts";
import { defineApi, op } from "@/server/web/api.ts";

const JOIN_LIMIT = { name: "workspace-join", limit: 20, windowMs: 15 * 60_000 };

export const handler = defineApi({
  POST: op({
    summary: "Join a workspace by its code",
    description: "Joins as a member, and #general with it. Joining again changes nothing. " +
      "Limited to 20 attempts per 15 minutes per address, so codes cannot be guessed.",
    tags: ["chat"],
    auth: true,
    body: JoinWorkspaceBody,
    rateLimit: JOIN_LIMIT,
    responses: {
      200: { description: "The workspace", schema: WorkspaceView },
      401: { description: "Not signed in" },
      404: { description: "No workspace has this code" },
      422: { description: "Not a well-formed code" },
      429: { description: "Too many attempts" },
    },
    async handle(c, { body, viewer }) {
      return c.json(await joinWorkspace(c.get("deps"), viewer.user, body.code));
    },
  }),
});
