import { z } from "zod";
import { CertificationBody, CertificationView } from "@/lib/schemas/social.ts";
import {
  addCertification,
  listCertifications,
  toCertificationJson,
} from "@/server/profiles/certifications.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your certifications",
    tags: ["profiles"],
    auth: true,
    responses: {
      200: {
        description: "Your certifications",
        schema: z.object({ items: z.array(CertificationView) }),
      },
      401: { description: "Not signed in" },
    },
    async handle(c, { viewer }) {
      const rows = await listCertifications(c.get("deps").db.orm, viewer.user.id);
      return c.json({ items: rows.map(toCertificationJson) });
    },
  }),
  POST: op({
    summary: "Add a certification",
    tags: ["profiles"],
    auth: true,
    body: CertificationBody,
    responses: {
      201: { description: "The certification", schema: CertificationView },
      401: { description: "Not signed in" },
      403: { description: "Not a worker" },
      409: { description: "Too many certifications" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { body, viewer }) {
      const { db, clock } = c.get("deps");
      const row = await db.write((tx) => addCertification(tx, viewer.user, body, clock.now()));
      return c.json(toCertificationJson(row), 201);
    },
  }),
});
