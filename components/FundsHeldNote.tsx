/** The plain statement of what "funds held" means here, shown wherever money is held. */
import { Icon } from "./Icon.tsx";

export function FundsHeldNote() {
  return (
    <aside class="funds-note" aria-label="About funds held">
      <Icon name="shield" size={20} />
      <p>
        <strong>Funds held, not a licensed escrow service.</strong>{" "}
        WorkMate records money a client sets aside for a milestone and releases it when the work is
        approved. Platform fee: 0 — the worker receives every cent.
      </p>
    </aside>
  );
}
