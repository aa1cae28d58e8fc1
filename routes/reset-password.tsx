import { AuthCard } from "@/components/AuthCard.tsx";
import { Notice } from "@/components/Notice.tsx";
import PasswordStrength from "@/islands/PasswordStrength.tsx";
import { MIN_PASSWORD } from "@/lib/schemas/auth.ts";
import { ResetPasswordForm } from "@/lib/schemas/forms.ts";
import { resetPassword } from "@/server/auth/accounts.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { type FieldErrors, formFailure } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";
import { clearSessionCookies } from "@/server/web/session_cookies.ts";

export const title = "Choose a new password";

interface Data {
  token: string;
  errors: FieldErrors;
  /** The token was refused: offer a new link instead of the form. */
  invalid?: boolean;
}

export const handler = definePage<Data>({
  GET(c) {
    return page({ token: c.req.query("token") ?? "", errors: {} });
  },
  async POST(c) {
    const form = await parseForm(c, ResetPasswordForm, (f) => ({
      token: f.token,
      password: f.password,
    }));
    const token = form.ok ? form.data.token : form.values.token ?? "";
    if (!form.ok) {
      return page({ token, errors: form.errors, invalid: !token }, { status: 422 });
    }
    try {
      await resetPassword(accountDeps(c), form.data.token, form.data.password);
    } catch (err) {
      const failure = formFailure(c, err);
      const invalid = failure.status === 401;
      return page({ token, errors: failure.errors, invalid }, { status: failure.status });
    }
    // Every session was just signed out, this browser's included.
    clearSessionCookies(c);
    return seeOther(c, "/reset-password?done=1");
  },
});

export default function ResetPassword({ data, url }: PageProps<Data>) {
  if (url.searchParams.has("done")) {
    return (
      <AuthCard title="Password changed" icon="check" tone="success">
        <Notice kind="success">
          Your new password is set, and every device that was signed in has been signed out.
        </Notice>
        <a class="button button-block" href="/login">Log in with your new password</a>
      </AuthCard>
    );
  }
  if (!data.token || data.invalid) {
    return (
      <AuthCard title="This reset link does not work" icon="lock" tone="danger">
        <Notice kind="error">
          {data.errors._form ??
            "This link is incomplete. Open the whole link from the mail, or ask for a new one."}
        </Notice>
        <a class="button button-block" href="/forgot-password">Send me a new link</a>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Choose a new password"
      lead="Pick something long that you do not use elsewhere."
    >
      {data.errors._form && <Notice kind="error">{data.errors._form}</Notice>}
      <form method="post" action="/reset-password" class="stack">
        <input type="hidden" name="token" value={data.token} />
        <PasswordStrength
          name="password"
          label="New password"
          minLength={MIN_PASSWORD}
          error={data.errors.password}
        />
        <button type="submit" class="button button-block">Set new password</button>
      </form>
    </AuthCard>
  );
}
