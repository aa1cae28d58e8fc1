import { ChannelView, ChatIdParams } from "@/lib/schemas/chat.ts";
import { joinChannel } from "@/server/chat/channels.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Join a public channel",
    description:
      "Workspace members may join public channels; private ones are invite-only (404 to outsiders). Joining again changes nothing.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    responses: {
      200: { description: "The channel", schema: ChannelView },
      401: { description: "Not signed in" },
      404: { description: "No such channel, or you cannot see it" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await joinChannel(c.get("deps"), viewer.user, params.id));
    },
  }),
});
