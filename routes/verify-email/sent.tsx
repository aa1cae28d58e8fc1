import { AuthCard } from "@/components/AuthCard.tsx";
import { Notice } from "@/components/Notice.tsx";
import { ResendForm } from "@/components/ResendForm.tsx";
import { EmailForm } from "@/lib/schemas/forms.ts";
import { resendVerification } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { type FieldErrors, formFailure, limitFormPost } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const title = "Check your inbox";

interface Data {
  email?: string;
  errors: FieldErrors;
  /** Shows a link to the development outbox. */
  devMail: boolean;
}

export const handler = definePage<Data>({
  GET(c) {
    return page({ errors: {}, devMail: !c.get("deps").config.isProduction });
  },
  /** Resend: a signed-in visitor's own address, or the one typed in. Answers alike either way. */
  async POST(c) {
    const devMail = !c.get("deps").config.isProduction;
    const viewer = c.get("viewer");
    const form = viewer
      ? { ok: true as const, data: { email: viewer.user.email } }
      : await parseForm(c, EmailForm);
    const email = form.ok ? form.data.email : form.values.email;
    const limited = await limitFormPost(c, AUTH_LIMITS.resendVerification);
    if (limited) {
      return page({ email, errors: limited.errors, devMail }, { status: limited.status });
    }
    if (!form.ok) return page({ email, errors: form.errors, devMail }, { status: 422 });
    try {
      await resendVerification(accountDeps(c), form.data.email, publicOrigin(c));
    } catch (err) {
      const failure = formFailure(c, err);
      return page({ email, errors: failure.errors, devMail }, { status: failure.status });
    }
    return seeOther(c, "/verify-email/sent?resent=1");
  },
});

export default function VerifySent({ data, url, viewer }: PageProps<Data>) {
  const resent = url.searchParams.has("resent");
  if (viewer?.emailVerified) {
    return (
      <AuthCard title="Your email is confirmed" icon="check" tone="success">
        <p>
          <strong>{viewer.email}</strong> is already confirmed. You are all set.
        </p>
        <a class="button button-block" href="/dashboard">Go to your dashboard</a>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Check your inbox"
      icon="mail"
      footer={viewer ? undefined : (
        <>
          Already confirmed? <a href="/login">Log in</a>
        </>
      )}
    >
      {resent && (
        <Notice kind="success" title="Link sent">
          If the address belongs to an unconfirmed account, a new link is on its way.
        </Notice>
      )}
      {data.errors._form && <Notice kind="error">{data.errors._form}</Notice>}
      <p class="lead">
        We sent a confirmation link to {viewer ? <strong>{viewer.email}</strong> : "your email"}.
        {" "}
        Open it to confirm your address. The link works for 24 hours.
      </p>
      <p class="muted">Nothing there? Check your spam folder, or ask for a new link.</p>
      <ResendForm askEmail={!viewer} email={data.email} error={data.errors.email} />
      {viewer && (
        <p>
          <a href="/dashboard">Continue to your dashboard</a>. You can confirm later.
        </p>
      )}
      {data.devMail && (
        <Notice kind="info" title="Running locally?">
          Mail is not sent in development: open the <a href="/dev/mail">development mailbox</a>.
        </Notice>
      )}
    </AuthCard>
  );
}
