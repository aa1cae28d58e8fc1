import { ChatIdParams, MemberList } from "@/lib/schemas/chat.ts";
import { listChannelMembers } from "@/server/chat/channels.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Members of a channel",
    description: "With presence, last seen, read receipts and workspace roles. Public " +
      "channels: any workspace member; private ones: their members only.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    responses: {
      200: { description: "Members by name", schema: MemberList },
      401: { description: "Not signed in" },
      404: { description: "No such channel, or you cannot see it" },
    },
    async handle(c, { params, viewer }) {
      return c.json({ items: await listChannelMembers(c.get("deps"), viewer.user, params.id) });
    },
  }),
});
