/**
 * The six milestone action endpoints (POST /api/v1/milestones/:id/<action>) share one shape:
 * this builds each operation, so the route files stay one line and the answers stay alike.
 */
import { MilestoneView, RevisionBody, SubmitWorkBody } from "@/lib/schemas/contracts.ts";
import { EmptyBody, IdParams } from "@/lib/schemas/proposals.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { actOnMilestone, type MilestoneInput } from "./milestones.ts";

type Simple = "fund" | "mark_paid" | "confirm_receipt" | "approve";

const SUMMARY: Record<MilestoneInput["action"], [string, string]> = {
  fund: [
    "Fund a milestone (funds held)",
    "Client, escrow milestones: the amount is recorded as funds held until approval.",
  ],
  mark_paid: [
    "Mark a milestone paid directly",
    "Client, direct milestones after approval: you paid the worker outside WorkMate.",
  ],
  confirm_receipt: [
    "Confirm a direct payment arrived",
    "Worker, direct milestones marked paid: records the payment and closes the milestone.",
  ],
  approve: [
    "Approve the delivered work",
    "Client: escrow milestones release the funds held to the worker; direct ones move to " +
    "approved, to be paid directly.",
  ],
  submit: [
    "Deliver work for a milestone",
    "Worker: a note and files (upload ids). Starts the 14-day answer period (reminders on day " +
    "5 and 12, then automatic approval).",
  ],
  request_revision: [
    "Ask for a revision",
    "Client: the note is stored on the latest delivery; the worker submits again.",
  ],
};

const RESPONSES = {
  200: { description: "The milestone after the action", schema: MilestoneView },
  401: { description: "Not signed in" },
  403: { description: "You are a party, but this action is the other party's" },
  404: { description: "No such milestone, or not yours to see" },
  409: { description: "Not possible in the milestone's state, or the contract is disputed" },
  422: { description: "Invalid fields" },
};

function base(action: MilestoneInput["action"]) {
  const [summary, description] = SUMMARY[action];
  return { summary, description, tags: ["milestones"], auth: true as const, params: IdParams };
}

/** fund, mark-paid, confirm-receipt, approve: no body. */
export function simpleMilestoneAction(action: Simple) {
  return defineApi({
    POST: op({
      ...base(action),
      body: EmptyBody,
      responses: RESPONSES,
      async handle(c, { params, viewer }) {
        const m = await actOnMilestone(c.get("deps"), viewer.user, params.id, { action });
        return c.json(m);
      },
    }),
  });
}

export const submitMilestoneAction = () =>
  defineApi({
    POST: op({
      ...base("submit"),
      body: SubmitWorkBody,
      responses: RESPONSES,
      async handle(c, { params, body, viewer }) {
        const input = { action: "submit" as const, ...body };
        return c.json(await actOnMilestone(c.get("deps"), viewer.user, params.id, input));
      },
    }),
  });

export const revisionMilestoneAction = () =>
  defineApi({
    POST: op({
      ...base("request_revision"),
      body: RevisionBody,
      responses: RESPONSES,
      async handle(c, { params, body, viewer }) {
        const input = { action: "request_revision" as const, note: body.note };
        return c.json(await actOnMilestone(c.get("deps"), viewer.user, params.id, input));
      },
    }),
  });
