/** The worker's profile-completeness checklist: each missing step links to its field. */
import { Icon } from "./Icon.tsx";

export interface ChecklistStep {
  label: string;
  done: boolean;
  href: string;
}

export function DashboardChecklist(
  { steps, intro }: { steps: ChecklistStep[]; intro: string },
) {
  const done = steps.filter((s) => s.done).length;
  const percent = Math.round((done / steps.length) * 100);
  return (
    <section class="card dash-card" aria-labelledby="profile-progress" id="s-profile-progress">
      <div class="card-heading">
        <h2 id="profile-progress" class="h3">Complete your profile</h2>
        <span class="badge">{percent}%</span>
      </div>
      <p class="muted">{intro}</p>
      <progress class="progress" value={done} max={steps.length}>{percent}%</progress>
      <ul class="checklist">
        {steps.map((s) => (
          <li class={s.done ? "is-done" : ""}>
            <Icon name={s.done ? "check" : "circle"} size={18} />
            {s.done
              ? (
                <span>
                  {s.label}
                  <span class="visually-hidden">(done)</span>
                </span>
              )
              : <a href={s.href}>{s.label}</a>}
          </li>
        ))}
      </ul>
      {done < steps.length && (
        <a class="button button-secondary button-small" href="/settings">Edit your profile</a>
      )}
    </section>
  );
}
