import { ChannelView, ChatIdParams, InviteBody } from "@/lib/schemas/chat.ts";
import { inviteToChannel } from "@/server/chat/channels.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Add someone to a channel",
    description: "Channel members may add any member of the workspace, to public and private " +
      "channels alike (private channels are joined only this way). Adding a member again " +
      "changes nothing.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    body: InviteBody,
    responses: {
      200: { description: "The channel", schema: ChannelView },
      401: { description: "Not signed in" },
      403: { description: "You are not in this channel" },
      404: { description: "No such channel, or no such workspace member" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await inviteToChannel(c.get("deps"), viewer.user, params.id, body.userId));
    },
  }),
});
