/**
 * The proposal action endpoints without a body (POST /api/v1/proposals/:id/<action>) share one
 * shape: this builds each operation, so the route files stay one line and the answers alike.
 * Accept takes a body (the payment mode) and keeps its own route.
 */
import type { User } from "@/db/schema.ts";
import { EmptyBody, IdParams, ProposalView, type ProposalViewT } from "@/lib/schemas/proposals.ts";
import type { AppDeps } from "@/server/web/context.ts";
import { defineApi, op } from "@/server/web/api.ts";

type Action = (deps: AppDeps, viewer: User, proposalId: string) => Promise<ProposalViewT>;

export function proposalAction(summary: string, description: string, act: Action) {
  return defineApi({
    POST: op({
      summary,
      description,
      tags: ["proposals"],
      auth: true,
      params: IdParams,
      body: EmptyBody,
      responses: {
        200: { description: "The proposal", schema: ProposalView },
        401: { description: "Not signed in" },
        403: { description: "You can see it but this is the other side's action" },
        404: { description: "No such proposal, or not yours to see" },
        409: { description: "Not possible in the proposal's state" },
      },
      async handle(c, { params, viewer }) {
        return c.json(await act(c.get("deps"), viewer.user, params.id));
      },
    }),
  });
}
