import { AuthCard } from "@/components/AuthCard.tsx";
import { Notice } from "@/components/Notice.tsx";
import { ResendForm } from "@/components/ResendForm.tsx";
import { VerifyEmailQuery } from "@/lib/schemas/auth.ts";
import { verifyEmail } from "@/server/auth/accounts.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { formFailure } from "@/server/web/forms.ts";
import { definePage, page, type PageProps } from "@/server/web/page.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const title = "Confirm your email";

type Data =
  | { ok: true; displayName: string; role: "client" | "worker" }
  | { ok: false; message: string };

export const handler = definePage<Data>({
  async GET(c) {
    const query = VerifyEmailQuery.safeParse({ token: c.req.query("token") ?? "" });
    if (!query.success) {
      return page({
        ok: false,
        message: "This confirmation link is incomplete. Copy the whole link from the mail.",
      }, { status: 400 });
    }
    try {
      const user = await verifyEmail(accountDeps(c), query.data.token, publicOrigin(c));
      return page({ ok: true, displayName: user.displayName, role: user.role }, {
        title: "Email confirmed",
      });
    } catch (err) {
      const failure = formFailure(c, err);
      return page({ ok: false, message: failure.errors._form ?? "This link does not work." }, {
        status: failure.status,
      });
    }
  },
});

export default function VerifyEmail({ data, viewer }: PageProps<Data>) {
  if (data.ok) {
    return (
      <AuthCard title="Email confirmed" icon="check" tone="success">
        <p class="lead">
          Thanks, {data.displayName}. Your email is confirmed and your account is ready.
        </p>
        <p class="muted">
          {data.role === "worker"
            ? "Next: complete your profile so clients can find you."
            : "Next: get ready to post your first task."}
        </p>
        {viewer
          ? <a class="button button-block" href="/dashboard">Go to your dashboard</a>
          : <a class="button button-block" href="/login?next=/dashboard">Log in to continue</a>}
      </AuthCard>
    );
  }
  return (
    <AuthCard title="This link does not work" icon="mail" tone="danger">
      <Notice kind="error">{data.message}</Notice>
      <p>
        Links expire after 24 hours and work only once. If you already confirmed, just{" "}
        {viewer ? <a href="/dashboard">open your dashboard</a> : <a href="/login">log in</a>}.
      </p>
      <h2 class="h3">Get a new link</h2>
      <ResendForm askEmail={!viewer} />
    </AuthCard>
  );
}
