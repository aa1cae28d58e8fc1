/** The centred card that the sign-up, sign-in and account-recovery pages sit in. */
import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "./Icon.tsx";

export function AuthCard(
  { title, lead, children, footer, wide, icon, tone }: {
    title: string;
    /** A large icon above the title, for pages that are a message rather than a form. */
    icon?: IconName;
    tone?: "brand" | "success" | "danger";
    lead?: ComponentChildren;
    children: ComponentChildren;
    footer?: ComponentChildren;
    wide?: boolean;
  },
) {
  return (
    <div class={`auth${wide ? " auth-wide" : ""}`}>
      <section class="card auth-card" aria-labelledby="auth-title">
        {icon && (
          <div class={`auth-icon auth-icon-${tone ?? "brand"}`} aria-hidden="true">
            <Icon name={icon} size={32} />
          </div>
        )}
        <h1 id="auth-title">{title}</h1>
        {lead && <p class="lead">{lead}</p>}
        {children}
      </section>
      {footer && <p class="auth-footer">{footer}</p>}
    </div>
  );
}
