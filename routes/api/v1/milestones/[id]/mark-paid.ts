import { simpleMilestoneAction } from "@/server/contracts/milestone_ops.ts";

export const handler = simpleMilestoneAction("mark_paid");
