/** A titled dashboard section with an optional link ("See all") beside its heading. */
import type { ComponentChildren } from "preact";

export function DashboardCard(
  { id, title, count, link, children, class: extra }: {
    id: string;
    title: string;
    count?: number;
    link?: { href: string; label: string };
    children: ComponentChildren;
    class?: string;
  },
) {
  return (
    <section
      class={`card dash-card${extra ? ` ${extra}` : ""}`}
      aria-labelledby={id}
      id={`s-${id}`}
    >
      <div class="dash-card-head">
        <h2 id={id} class="h3">
          {title}
          {count !== undefined && <span class="dash-count">{count}</span>}
        </h2>
        {link && <a class="dash-card-link" href={link.href}>{link.label}</a>}
      </div>
      {children}
    </section>
  );
}

/** The dashed "nothing here yet" box used inside dashboard cards. */
export function DashboardEmpty({ children }: { children: ComponentChildren }) {
  return (
    <div class="empty-state dash-empty">
      <p>{children}</p>
    </div>
  );
}
