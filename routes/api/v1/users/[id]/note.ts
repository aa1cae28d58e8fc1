import { IdParams, NoteBody, NoteView } from "@/lib/schemas/social.ts";
import { notFound } from "@/server/errors.ts";
import {
  type ClientNote,
  deleteClientNote,
  findClientNote,
  saveClientNote,
} from "@/server/reviews/notes.ts";
import { defineApi, op } from "@/server/web/api.ts";

const json = (n: ClientNote) => ({ ...n, updatedAt: new Date(n.updatedAt).toISOString() });
const HIDDEN = "Not a client, not a worker, or no note";

export const handler = defineApi({
  GET: op({
    summary: "Your private note on a worker",
    description: "Clients only; nobody else, the worker included, can read it.",
    tags: ["users"],
    auth: true,
    params: IdParams,
    responses: {
      200: { description: "The note", schema: NoteView },
      401: { description: "Not signed in" },
      404: { description: HIDDEN },
    },
    async handle(c, { params, viewer }) {
      const note = await findClientNote(c.get("deps").db.orm, viewer.user, params.id);
      if (!note) throw notFound("This note");
      return c.json(json(note));
    },
  }),
  PUT: op({
    summary: "Write your private note on a worker",
    tags: ["users"],
    auth: true,
    params: IdParams,
    body: NoteBody,
    responses: {
      200: { description: "The saved note", schema: NoteView },
      401: { description: "Not signed in" },
      404: { description: "Not a client, or not a worker" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      const { db, clock } = c.get("deps");
      const note = await db.write((tx) =>
        saveClientNote(tx, viewer.user, params.id, body.note, clock.now())
      );
      return c.json(json(note));
    },
  }),
  DELETE: op({
    summary: "Delete your private note on a worker",
    tags: ["users"],
    auth: true,
    params: IdParams,
    responses: {
      204: { description: "Deleted" },
      401: { description: "Not signed in" },
      404: { description: HIDDEN },
    },
    async handle(c, { params, viewer }) {
      const deleted = await c.get("deps").db.write((tx) =>
        deleteClientNote(tx, viewer.user, params.id)
      );
      if (!deleted) throw notFound("This note");
      return c.body(null, 204);
    },
  }),
});
