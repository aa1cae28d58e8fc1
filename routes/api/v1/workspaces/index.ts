import { CreateWorkspaceBody, WorkspaceList, WorkspaceView } from "@/lib/schemas/chat.ts";
import { createWorkspace, listWorkspaceViews } from "@/server/chat/workspaces.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your workspaces",
    tags: ["chat"],
    auth: true,
    responses: {
      200: { description: "Workspaces you belong to, with your role", schema: WorkspaceList },
      401: { description: "Not signed in" },
    },
    async handle(c, { viewer }) {
      return c.json({ items: await listWorkspaceViews(c.get("deps").db.orm, viewer.user.id) });
    },
  }),
  POST: op({
    summary: "Create a workspace",
    description: "You become its owner. It gets a unique 8-character join code and a public " +
      "#general channel that everyone who joins is in.",
    tags: ["chat"],
    auth: true,
    body: CreateWorkspaceBody,
    responses: {
      201: { description: "The workspace", schema: WorkspaceView },
      401: { description: "Not signed in" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { body, viewer }) {
      return c.json(await createWorkspace(c.get("deps"), viewer.user, body.name), 201);
    },
  }),
});
