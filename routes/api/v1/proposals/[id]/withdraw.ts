import { withdrawProposal } from "@/server/marketplace/proposals.ts";
import { proposalAction } from "@/server/marketplace/proposal_ops.ts";

export const handler = proposalAction(
  "Withdraw your proposal",
  "The worker who sent it (you may then send a new one); the other side is notified.",
  withdrawProposal,
);
