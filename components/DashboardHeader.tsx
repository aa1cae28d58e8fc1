/** The greeting at the top of both dashboards. */
import type { ComponentChildren } from "preact";

export function DashboardHeader(
  { name, role, children }: { name: string; role: string; children?: ComponentChildren },
) {
  return (
    <header class="page-header dashboard-header">
      <div>
        <p class="eyebrow">{role} dashboard</p>
        <h1>Hi, {name}</h1>
        {children && <p class="muted">{children}</p>}
      </div>
    </header>
  );
}
