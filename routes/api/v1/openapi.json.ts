import { defineApi, op } from "@/server/web/api.ts";
import { openApiDocument } from "@/server/web/openapi.ts";

export const handler = defineApi({
  GET: op({
    summary: "This API's OpenAPI 3.1 document",
    description: "Every operation with its parameters, bodies and answers, as JSON. " +
      "A readable version is at /docs/api.",
    tags: ["meta"],
    auth: false,
    responses: { 200: { description: "The OpenAPI document" } },
    handle(c) {
      c.header("Cache-Control", "public, max-age=300");
      return c.json(openApiDocument(c.get("deps").manifest));
    },
  }),
});
