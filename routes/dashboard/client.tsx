import { DashboardHeader } from "@/components/DashboardHeader.tsx";
import { Icon } from "@/components/Icon.tsx";
import { VerifyBanner } from "@/components/VerifyBanner.tsx";
import { ZeroCommissionNote } from "@/components/ZeroCommissionNote.tsx";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Your dashboard";

export const handler = definePage<undefined>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    if (viewer.user.role !== "client") return seeOther(c, `/dashboard/${viewer.user.role}`);
    return page(undefined);
  },
});

const STEPS = [
  ["Describe the task", "What needs doing, where, by when, and your budget."],
  ["Compare offers", "Workers nearby or remote apply or quote; chat with them first."],
  ["Hire and pay", "Pay directly or through escrow, released when you approve."],
];

export default function ClientDashboard({ viewer }: PageProps) {
  if (!viewer) return null;
  return (
    <div class="container page">
      <DashboardHeader name={viewer.displayName} role="Client">
        Your tasks, offers and conversations will appear here.
      </DashboardHeader>
      {!viewer.emailVerified && <VerifyBanner email={viewer.email} />}
      <div class="dashboard-grid">
        <section class="card first-task" aria-labelledby="first-task">
          <span class="feature-icon feature-icon-large">
            <Icon name="briefcase" size={28} />
          </span>
          <h2 id="first-task">Post your first task</h2>
          <p class="muted">
            Tell workers what you need. You will get offers from people nearby or anywhere, and
            talk, share files and call them right here.
          </p>
          <ol class="steps steps-compact">
            {STEPS.map(([t, text], i) => (
              <li class="step">
                <span class="step-number" aria-hidden="true">{i + 1}</span>
                <div>
                  <h3>{t}</h3>
                  <p>{text}</p>
                </div>
              </li>
            ))}
          </ol>
          <p>
            <button type="button" class="button" disabled aria-describedby="soon">
              Post a task
            </button>{" "}
            <span id="soon" class="badge">Coming soon</span>
          </p>
        </section>
        <div class="stack">
          <section class="card" aria-labelledby="profile-card">
            <h2 id="profile-card">Your profile</h2>
            <p class="muted">
              A headline and location help workers understand who they are working with.
            </p>
            <a class="button button-secondary" href="/settings">Edit profile</a>
          </section>
          <ZeroCommissionNote role="client" />
        </div>
      </div>
    </div>
  );
}
