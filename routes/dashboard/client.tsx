import { DashboardActions } from "@/components/DashboardActions.tsx";
import { type ChecklistStep, DashboardChecklist } from "@/components/DashboardChecklist.tsx";
import { DashboardContracts } from "@/components/DashboardContracts.tsx";
import { DashboardHeader } from "@/components/DashboardHeader.tsx";
import { DashboardJobs } from "@/components/DashboardJobs.tsx";
import { DashboardPayments } from "@/components/DashboardMoney.tsx";
import { DashboardClientReputation } from "@/components/DashboardReputation.tsx";
import { VerifyBanner } from "@/components/VerifyBanner.tsx";
import { ZeroCommissionNote } from "@/components/ZeroCommissionNote.tsx";
import { type ClientDashboard, loadClientDashboard } from "@/server/dashboard/client.ts";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Your dashboard";

interface Data {
  dash: ClientDashboard;
  steps: ChecklistStep[];
  now: number;
}

export const handler = definePage<Data>({
  async GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const u = viewer.user;
    if (u.role !== "client") return seeOther(c, `/dashboard/${u.role}`);
    const { db, clock } = c.get("deps");
    const now = clock.now();
    return page({
      dash: await loadClientDashboard(db.orm, u, now),
      steps: [
        {
          label: "Confirm your email",
          done: u.emailVerifiedAt !== null,
          href: "/verify-email/sent",
        },
        { label: "Add a headline", done: u.headline !== "", href: "/settings#f-headline" },
        { label: "Tell workers about yourself", done: u.bio !== "", href: "/settings#f-bio" },
        { label: "Add your location", done: u.lat !== null, href: "/settings#f-locationName" },
      ],
      now,
    });
  },
});

export default function ClientDashboardPage({ data, viewer }: PageProps<Data>) {
  if (!viewer) return null;
  const { dash, now } = data;
  const incomplete = data.steps.some((s) => !s.done);
  return (
    <div class="container page dash">
      <div class="dash-top">
        <DashboardHeader name={viewer.displayName} role="Client">
          {dash.actions.length === 0
            ? "Your tasks, the people you hired and what you paid."
            : `${dash.actions.length} thing${
              dash.actions.length === 1 ? " needs" : "s need"
            } your attention.`}
        </DashboardHeader>
        <a class="button" href="/jobs/new">Post a task</a>
      </div>
      {!viewer.emailVerified && <VerifyBanner email={viewer.email} />}
      <DashboardActions items={dash.actions} now={now} />
      <div class="dash-grid">
        <div class="dash-main">
          <DashboardJobs jobs={dash.jobs} counts={dash.jobCounts} now={now} />
          <DashboardContracts contracts={dash.contracts} completed={dash.completed} role="client" />
        </div>
        <div class="dash-side">
          <DashboardPayments rows={dash.money} />
          <DashboardClientReputation rep={dash.reputation} userId={viewer.id} />
          {incomplete && (
            <DashboardChecklist
              steps={data.steps}
              intro="Workers answer sooner when they know who they will be working with."
            />
          )}
          <ZeroCommissionNote role="client" />
        </div>
      </div>
    </div>
  );
}
