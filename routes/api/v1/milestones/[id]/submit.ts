import { submitMilestoneAction } from "@/server/contracts/milestone_ops.ts";

export const handler = submitMilestoneAction();
