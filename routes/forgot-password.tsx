import { AuthCard } from "@/components/AuthCard.tsx";
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { EmailForm } from "@/lib/schemas/forms.ts";
import { forgotPassword } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { type FieldErrors, formFailure, limitFormPost } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const title = "Reset your password";

interface Data {
  email?: string;
  errors: FieldErrors;
}

export const handler = definePage<Data>({
  GET(c) {
    return page({ email: c.get("viewer")?.user.email, errors: {} });
  },
  async POST(c) {
    const limited = await limitFormPost(c, AUTH_LIMITS.passwordForgot);
    const form = await parseForm(c, EmailForm, (f) => ({ email: f.email }));
    const email = form.ok ? form.data.email : form.values.email;
    if (limited) return page({ email, errors: limited.errors }, { status: limited.status });
    if (!form.ok) return page({ email, errors: form.errors }, { status: 422 });
    try {
      await forgotPassword(accountDeps(c), form.data.email, publicOrigin(c));
    } catch (err) {
      const failure = formFailure(c, err);
      return page({ email, errors: failure.errors }, { status: failure.status });
    }
    return seeOther(c, "/forgot-password?sent=1");
  },
});

export default function ForgotPassword({ data, url }: PageProps<Data>) {
  if (url.searchParams.has("sent")) {
    return (
      <AuthCard
        title="Check your inbox"
        icon="mail"
        footer={
          <>
            Remembered it? <a href="/login">Log in</a>
          </>
        }
      >
        <Notice kind="success" title="Reset link sent">
          If an account uses that address, a link to choose a new password is on its way. It works
          for one hour.
        </Notice>
        <p class="muted">
          Nothing after a few minutes? Check your spam folder or{" "}
          <a href="/forgot-password">try again</a>.
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Forgot your password?"
      lead="Enter the email you signed up with and we will send you a link to choose a new one."
      footer={
        <>
          Remembered it? <a href="/login">Log in</a>
        </>
      }
    >
      {data.errors._form && <Notice kind="error">{data.errors._form}</Notice>}
      <form method="post" action="/forgot-password" class="stack">
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={data.email}
          error={data.errors.email}
        />
        <button type="submit" class="button button-block">Send reset link</button>
      </form>
    </AuthCard>
  );
}
