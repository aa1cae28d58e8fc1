/**
 * "Needs your action": each thing waiting for the viewer, as a link to the page where they
 * do it, oldest first (disputes, which have a deadline, before everything else).
 */
import type { ActionItem } from "@/server/dashboard/types.ts";
import { timeAgo } from "./JobCard.tsx";
import { Icon, type IconName } from "./Icon.tsx";

const ICON: Record<ActionItem["kind"], IconName> = {
  proposals: "mail",
  fund: "lock",
  "review-delivery": "file",
  pay: "percent",
  start: "briefcase",
  revise: "file",
  confirm: "check",
  dispute: "shield",
  review: "star",
};

export function DashboardActions({ items, now }: { items: ActionItem[]; now: number }) {
  return (
    <section class="card dash-actions" aria-labelledby="needs-action" id="s-needs-action">
      <div class="dash-card-head">
        <h2 id="needs-action" class="h3">
          Needs your action
          <span class={`dash-count${items.length ? " is-hot" : ""}`}>{items.length}</span>
        </h2>
      </div>
      {items.length === 0
        ? (
          <p class="dash-all-clear">
            <Icon name="check" size={18} /> Nothing is waiting for you right now.
          </p>
        )
        : (
          <ul class="dash-action-list">
            {items.map((a) => (
              <li class={`dash-action dash-action-${a.kind}`} data-kind={a.kind}>
                <span class="dash-action-icon">
                  <Icon name={ICON[a.kind]} size={18} />
                </span>
                <div class="dash-action-text">
                  <a href={a.href} class="dash-action-title">{a.title}</a>
                  <span class="dash-action-detail">
                    {a.detail} ·{" "}
                    <time datetime={new Date(a.since).toISOString()}>
                      {timeAgo(new Date(a.since).toISOString(), now)}
                    </time>
                  </span>
                </div>
                <a
                  href={a.href}
                  class="button button-small dash-action-cta"
                  tabIndex={-1}
                  aria-hidden="true"
                >
                  {a.cta}
                </a>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
