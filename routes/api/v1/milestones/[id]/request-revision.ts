import { revisionMilestoneAction } from "@/server/contracts/milestone_ops.ts";

export const handler = revisionMilestoneAction();
