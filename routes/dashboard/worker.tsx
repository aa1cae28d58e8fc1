import { DashboardHeader } from "@/components/DashboardHeader.tsx";
import { Icon } from "@/components/Icon.tsx";
import { VerifyBanner } from "@/components/VerifyBanner.tsx";
import { ZeroCommissionNote } from "@/components/ZeroCommissionNote.tsx";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Your dashboard";

interface Step {
  label: string;
  done: boolean;
  href: string;
}

interface Data {
  steps: Step[];
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const u = viewer.user;
    if (u.role !== "worker") return seeOther(c, `/dashboard/${u.role}`);
    return page({
      steps: [
        {
          label: "Confirm your email",
          done: u.emailVerifiedAt !== null,
          href: "/verify-email/sent",
        },
        { label: "Add a headline", done: u.headline !== "", href: "/settings#f-headline" },
        { label: "Tell clients about yourself", done: u.bio !== "", href: "/settings#f-bio" },
        { label: "List your skills", done: u.skills.length > 0, href: "/settings#f-skills" },
        {
          label: "Set your hourly rate",
          done: u.hourlyRateMinor !== null,
          href: "/settings#f-rateAmount",
        },
        { label: "Add your location", done: u.lat !== null, href: "/settings#f-locationName" },
        { label: "Set your time zone", done: u.timezone !== null, href: "/settings#f-timezone" },
      ],
    });
  },
});

export default function WorkerDashboard({ data, viewer }: PageProps<Data>) {
  if (!viewer) return null;
  const done = data.steps.filter((s) => s.done).length;
  const percent = Math.round((done / data.steps.length) * 100);
  return (
    <div class="container page">
      <DashboardHeader name={viewer.displayName} role="Worker">
        Here is where your tasks, offers and earnings will live.
      </DashboardHeader>
      {!viewer.emailVerified && <VerifyBanner email={viewer.email} />}
      <div class="dashboard-grid">
        <section class="card" aria-labelledby="profile-progress">
          <div class="card-heading">
            <h2 id="profile-progress">Complete your profile</h2>
            <span class="badge">{percent}%</span>
          </div>
          <p class="muted">
            Clients pick workers whose profiles answer their questions before they ask.
          </p>
          <progress class="progress" value={done} max={data.steps.length}>
            {percent}%
          </progress>
          <ul class="checklist">
            {data.steps.map((s) => (
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
          {done < data.steps.length && (
            <a class="button button-secondary" href="/settings">Edit your profile</a>
          )}
        </section>
        <div class="stack">
          <section class="card" aria-labelledby="find-work">
            <h2 id="find-work">Tasks for you</h2>
            <div class="empty-state">
              <Icon name="search" size={28} />
              <p>
                <strong>Task search is coming soon.</strong>{" "}
                You will see tasks near you and remote ones that match your skills here.
              </p>
            </div>
          </section>
          <ZeroCommissionNote role="worker" />
        </div>
      </div>
    </div>
  );
}
