import { shortlistProposal } from "@/server/marketplace/proposals.ts";
import { proposalAction } from "@/server/marketplace/proposal_ops.ts";

export const handler = proposalAction(
  "Shortlist a proposal",
  "The job's client; the other side is notified.",
  shortlistProposal,
);
