import { ChannelView, ChatIdParams } from "@/lib/schemas/chat.ts";
import { leaveChannel } from "@/server/chat/channels.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Leave a channel",
    description:
      "Your sockets stop receiving it. #general cannot be left. Leaving a channel you are not in changes nothing.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    responses: {
      200: { description: "The channel", schema: ChannelView },
      401: { description: "Not signed in" },
      404: { description: "No such channel, or you cannot see it" },
      409: { description: "#general cannot be left" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await leaveChannel(c.get("deps"), viewer.user, params.id));
    },
  }),
});
