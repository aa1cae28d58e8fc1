import { Icon, type IconName } from "@/components/Icon.tsx";
import type { PageProps } from "@/server/web/page.ts";

export const title = "Zero-commission work";

const FEATURES: { icon: IconName; title: string; text: string }[] = [
  {
    icon: "percent",
    title: "Zero commission",
    text: "No cut from either side. What a client pays is exactly what the worker receives.",
  },
  {
    icon: "chat",
    title: "Chat, files and video built in",
    text: "Agree on details, share drafts and jump on a call without leaving the task.",
  },
  {
    icon: "pin",
    title: "Nearby or remote",
    text: "Find help around the corner for hands-on jobs, or anywhere for work done online.",
  },
  {
    icon: "shield",
    title: "Pay directly or through escrow",
    text: "Release money when the work is approved. Ratings on both sides keep everyone honest.",
  },
];

const STEPS = [
  ["Post or find a task", "Clients describe the job and budget; workers browse, apply or quote."],
  ["Talk it through", "Message, send files and call in the task's own conversation."],
  ["Deliver and get paid", "The client approves, the money is released, both sides rate."],
];

export default function Home({ viewer }: PageProps) {
  return (
    <>
      <section class="hero">
        <div class="container hero-inner">
          <p class="eyebrow">
            <Icon name="percent" size={16} /> 0% commission, for both sides
          </p>
          <h1>Get work done. Keep every cent.</h1>
          <p class="hero-lead">
            WorkMate connects people who need a task done with people who can do it — nearby or
            remote — with chat, files and video calls built in, and no middleman taking a cut.
          </p>
          {viewer
            ? (
              <div class="welcome-back card">
                <p>
                  Welcome back, <strong>{viewer.displayName}</strong>.
                </p>
                <a class="button" href="/dashboard">
                  Go to your dashboard <Icon name="arrow" size={18} />
                </a>
              </div>
            )
            : (
              <div class="role-choice" role="group" aria-label="Get started">
                <a class="role-card" href="/signup?role=client">
                  <span class="role-icon">
                    <Icon name="briefcase" size={26} />
                  </span>
                  <span class="role-text">
                    <strong>I want to hire</strong>
                    <span>Post a task, compare offers, pay the full price to the worker.</span>
                  </span>
                  <Icon name="arrow" />
                </a>
                <a class="role-card" href="/signup?role=worker">
                  <span class="role-icon">
                    <Icon name="search" size={26} />
                  </span>
                  <span class="role-text">
                    <strong>I want to work</strong>
                    <span>Find tasks near you or online and keep 100% of what you earn.</span>
                  </span>
                  <Icon name="arrow" />
                </a>
              </div>
            )}
          {!viewer && (
            <p class="hero-note">
              Already have an account? <a href="/login">Log in</a>
            </p>
          )}
        </div>
      </section>

      <section class="container section" aria-labelledby="why">
        <h2 id="why" class="section-title">Everything a job needs, nothing it does not</h2>
        <ul class="feature-grid">
          {FEATURES.map((f) => (
            <li class="card feature">
              <span class="feature-icon">
                <Icon name={f.icon} size={22} />
              </span>
              <h3>{f.title}</h3>
              <p>{f.text}</p>
            </li>
          ))}
        </ul>
      </section>

      <section class="container section" aria-labelledby="how">
        <h2 id="how" class="section-title">How it works</h2>
        <ol class="steps">
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
      </section>

      {!viewer && (
        <section class="container section">
          <div class="cta card">
            <div>
              <h2>Ready when you are</h2>
              <p>Free to join. No fees, no commission, no card needed.</p>
            </div>
            <div class="cta-actions">
              <a class="button" href="/signup?role=client">I want to hire</a>
              <a class="button button-secondary" href="/signup?role=worker">I want to work</a>
            </div>
          </div>
        </section>
      )}
    </>
  );
}
