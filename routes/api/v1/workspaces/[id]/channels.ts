import { ChannelList, ChannelView, ChatIdParams, CreateChannelBody } from "@/lib/schemas/chat.ts";
import { createChannel, listChannels } from "@/server/chat/channels.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Channels of a workspace",
    description: "Its public channels, and the private ones you are in. Workspace members only.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    responses: {
      200: { description: "Channels by name", schema: ChannelList },
      401: { description: "Not signed in" },
      404: { description: "No such workspace, or you are not in it" },
    },
    async handle(c, { params, viewer }) {
      return c.json({
        items: await listChannels(c.get("deps").db.orm, viewer.user.id, params.id),
      });
    },
  }),
  POST: op({
    summary: "Create a channel",
    description: "Any workspace member may; you become its first member. A private channel " +
      "is invisible to everyone outside it — members add others with an invite.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    body: CreateChannelBody,
    responses: {
      201: { description: "The channel", schema: ChannelView },
      401: { description: "Not signed in" },
      404: { description: "No such workspace, or you are not in it" },
      409: { description: "The name is taken in this workspace" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await createChannel(c.get("deps"), viewer.user, params.id, body), 201);
    },
  }),
});
