/**
 * A state shown as a coloured pill, with its words (never colour alone). States of different
 * lifecycles share names ("open" job vs "open" dispute), so `kind` picks that lifecycle's tone.
 */
type Tone = "success" | "warning" | "danger" | "muted" | "info";
type Kind = "job" | "proposal" | "contract" | "milestone" | "dispute";

const KIND_TONE: Partial<Record<Kind, Record<string, Tone>>> = {
  job: { draft: "muted", open: "success", in_progress: "info", completed: "success" },
};

const TONE: Record<string, Tone> = {
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

export function StatusPill(
  { status, label, kind }: { status: string; label?: string; kind?: Kind },
) {
  const tone = (kind && KIND_TONE[kind]?.[status]) ?? TONE[status] ?? "muted";
  return (
    <span class={`pill pill-${tone}`} data-status={status}>
      {label ?? statusLabel(status)}
    </span>
  );
}
