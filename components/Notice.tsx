/** A message above a form or page: errors are announced at once, the rest politely. */
import type { ComponentChildren } from "preact";

export function Notice(
  { kind = "info", title, children }: {
    kind?: "info" | "success" | "error" | "warning";
    title?: string;
    children?: ComponentChildren;
  },
) {
  return (
    <div class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {title && <p class="notice-title">{title}</p>}
      {children && <div class="notice-body">{children}</div>}
    </div>
  );
}
