import { DashboardActions } from "@/components/DashboardActions.tsx";
import { type ChecklistStep, DashboardChecklist } from "@/components/DashboardChecklist.tsx";
import { DashboardContracts } from "@/components/DashboardContracts.tsx";
import { DashboardHeader } from "@/components/DashboardHeader.tsx";
import { DashboardJobFeed } from "@/components/DashboardJobFeed.tsx";
import { DashboardEarnings } from "@/components/DashboardMoney.tsx";
import { DashboardProposals } from "@/components/DashboardProposals.tsx";
import { DashboardWorkerReputation } from "@/components/DashboardReputation.tsx";
import { VerifyBanner } from "@/components/VerifyBanner.tsx";
import { ZeroCommissionNote } from "@/components/ZeroCommissionNote.tsx";
import { loadWorkerDashboard, type WorkerDashboard } from "@/server/dashboard/worker.ts";
import { SCORE_MIN_CLIENTS, SCORE_MIN_COMPLETED } from "@/server/reputation/formulas.ts";
import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Your dashboard";

interface Data {
  dash: WorkerDashboard;
  steps: ChecklistStep[];
  now: number;
}

export const handler = definePage<Data>({
  async GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const u = viewer.user;
    if (u.role !== "worker") return seeOther(c, `/dashboard/${u.role}`);
    const { db, clock } = c.get("deps");
    const now = clock.now();
    return page({
      dash: await loadWorkerDashboard(db.orm, u, now),
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
      now,
    });
  },
});

export default function WorkerDashboardPage({ data, viewer }: PageProps<Data>) {
  if (!viewer) return null;
  const { dash, now } = data;
  const contracts = (
    <DashboardContracts contracts={dash.contracts} completed={dash.completed} role="worker" />
  );
  const feed = <DashboardJobFeed jobs={dash.feed} skills={dash.feedSkills} now={now} />;
  return (
    <div class="container page dash">
      <div class="dash-top">
        <DashboardHeader name={viewer.displayName} role="Worker">
          {dash.actions.length === 0
            ? "Your work, your proposals and what you earned."
            : `${dash.actions.length} thing${
              dash.actions.length === 1 ? " needs" : "s need"
            } your attention.`}
        </DashboardHeader>
        <a class="button" href="/jobs">Find work</a>
      </div>
      {!viewer.emailVerified && <VerifyBanner email={viewer.email} />}
      <DashboardActions items={dash.actions} now={now} />
      <div class="dash-grid">
        <div class="dash-main">
          {dash.contracts.length > 0 ? <>{contracts}{feed}</> : <>{feed}{contracts}</>}
          <DashboardProposals items={dash.proposals} counts={dash.proposalCounts} />
        </div>
        <div class="dash-side">
          <DashboardEarnings rows={dash.money} months={dash.earningsByMonth} />
          <DashboardWorkerReputation
            rep={dash.reputation}
            userId={viewer.id}
            minCompleted={SCORE_MIN_COMPLETED}
            minClients={SCORE_MIN_CLIENTS}
          />
          <DashboardChecklist
            steps={data.steps}
            intro="Clients pick workers whose profiles answer their questions before they ask."
          />
          <ZeroCommissionNote role="worker" />
        </div>
      </div>
    </div>
  );
}
