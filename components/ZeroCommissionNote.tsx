/** The promise, stated where money comes up. */
import { Icon } from "./Icon.tsx";

export function ZeroCommissionNote({ role }: { role: "client" | "worker" }) {
  return (
    <aside class="card card-accent zero-note">
      <span class="feature-icon">
        <Icon name="percent" size={22} />
      </span>
      <div>
        <h2 class="h3">Zero commission</h2>
        <p>
          {role === "worker"
            ? "You keep 100% of what clients pay you. WorkMate takes no cut, ever."
            : "Every cent you pay goes to the worker. No service fee on top, no cut taken out."}
        </p>
      </div>
    </aside>
  );
}
