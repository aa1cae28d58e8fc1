/** A state shown as a coloured pill, with its words (never colour alone). */
const TONE: Record<string, "success" | "warning" | "danger" | "muted" | "info"> = {
  // proposals
  submitted: "info",
  shortlisted: "success",
  rejected: "muted",
  accepted: "success",
  withdrawn: "muted",
  declined: "muted",
  // contracts
  active: "info",
  disputed: "danger",
  completed: "success",
  cancelled: "muted",
  // milestones
  pending: "muted",
  funded: "info",
  revision_requested: "warning",
  approved: "info",
  paid: "warning",
  released: "success",
  refunded: "muted",
  // disputes
  open: "danger",
  answered: "warning",
  awaiting_admin: "warning",
  resolved: "success",
};

const LABEL: Record<string, string> = {
  revision_requested: "Revision requested",
  awaiting_admin: "With an admin",
  funded: "Funds held",
  paid: "Marked paid",
  submitted: "Submitted",
};

export function statusLabel(status: string): string {
  return LABEL[status] ?? status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, " ");
}

export function StatusPill({ status, label }: { status: string; label?: string }) {
  return (
    <span class={`pill pill-${TONE[status] ?? "muted"}`} data-status={status}>
      {label ?? statusLabel(status)}
    </span>
  );
}
