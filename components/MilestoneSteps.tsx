/**
 * A milestone's progress as numbered steps (done, current, to do), and a sentence saying what
 * happens next for whoever is looking.
 */
import type { MilestoneViewT } from "@/lib/schemas/contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { Icon } from "./Icon.tsx";

type Mode = MilestoneViewT["paymentMode"];
type Status = MilestoneViewT["status"];

const STEPS: Record<Mode, string[]> = {
  escrow: ["Funded", "Delivered", "Released"],
  direct: ["Delivered", "Approved", "Paid", "Received"],
};

/** How many steps are done for a status (the next one is current). */
const DONE: Record<Mode, Partial<Record<Status, number>>> = {
  escrow: { pending: 0, funded: 1, revision_requested: 1, submitted: 2, released: 3, refunded: 1 },
  direct: { pending: 0, revision_requested: 0, submitted: 1, approved: 2, paid: 3, released: 4 },
};

export function MilestoneSteps({ mode, status }: { mode: Mode; status: Status }) {
  const steps = STEPS[mode];
  const done = DONE[mode][status] ?? 0;
  const stopped = status === "refunded";
  return (
    <ol class="steps-bar" aria-label="Progress">
      {steps.map((label, i) => {
        const state = i < done ? "done" : i === done && !stopped ? "current" : "todo";
        return (
          <li class={`step-${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span class="step-dot" aria-hidden="true">
              {state === "done" ? <Icon name="check" size={14} /> : i + 1}
            </span>
            <span class="step-label">
              {label}
              <span class="visually-hidden">
                {state === "done" ? " (done)" : state === "current" ? " (next)" : ""}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** What happens next, from `role`'s side. */
export function nextStepText(
  m: Pick<MilestoneViewT, "status" | "paymentMode" | "amount">,
  role: "client" | "worker" | "admin",
  contractStatus: string,
): string {
  const amount = formatMoney(m.amount.amountMinor, m.amount.currency);
  const isClient = role === "client";
  if (contractStatus === "disputed" && m.status !== "released" && m.status !== "refunded") {
    return "Frozen while the dispute is open.";
  }
  switch (m.status) {
    case "pending":
      return m.paymentMode === "escrow"
        ? isClient
          ? `Fund ${amount} so the worker can start. It is held until you approve.`
          : "Waiting for the client to fund this milestone. Start once it shows funds held."
        : isClient
        ? "The worker delivers first; you pay them directly after approving."
        : "Deliver the work when it is ready; the client pays you directly after approving.";
    case "funded":
      return isClient
        ? `${amount} is held. The worker delivers next.`
        : `${amount} is held for you. Deliver the work when it is ready.`;
    case "submitted":
      return isClient
        ? "Review the delivery: approve it or ask for a revision. Without an answer it is " +
          "approved automatically 14 days after delivery."
        : "Delivered. Waiting for the client to review (approved automatically after 14 days).";
    case "revision_requested":
      return isClient
        ? "Waiting for the worker to deliver again."
        : "The client asked for changes (see their note). Deliver again when ready.";
    case "approved":
      return isClient
        ? `Approved. Pay ${amount} to the worker directly, then mark it paid.`
        : `Approved. The client pays you ${amount} directly.`;
    case "paid":
      return isClient
        ? "Marked paid. Waiting for the worker to confirm it arrived."
        : `The client says they paid ${amount}. Confirm once it has arrived.`;
    case "released":
      return m.paymentMode === "escrow"
        ? `${amount} released to the worker. Platform fee: 0.`
        : `${amount} paid directly and confirmed. Platform fee: 0.`;
    case "refunded":
      return `${amount} was refunded to the client.`;
  }
}
