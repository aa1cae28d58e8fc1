import { AuthCard } from "@/components/AuthCard.tsx";
import { Field, FieldError } from "@/components/Field.tsx";
import { Icon } from "@/components/Icon.tsx";
import { Notice } from "@/components/Notice.tsx";
import PasswordStrength from "@/islands/PasswordStrength.tsx";
import { MIN_PASSWORD, ROLES } from "@/lib/schemas/auth.ts";
import { SignupForm } from "@/lib/schemas/forms.ts";
import { register } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { accountDeps, clientMeta } from "@/server/web/auth_helpers.ts";
import {
  type FieldErrors,
  formFailure,
  limitFormPost,
  withoutSecrets,
} from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";
import { publicOrigin } from "@/server/web/request.ts";
import { setSessionCookies } from "@/server/web/session_cookies.ts";

export const title = "Create your account";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
}

const isRole = (r: string | undefined): r is (typeof ROLES)[number] =>
  (ROLES as readonly string[]).includes(r ?? "");

export const handler = definePage<Data>({
  GET(c) {
    if (c.get("viewer")) return seeOther(c, "/dashboard");
    const role = c.req.query("role");
    const values: Record<string, string> = isRole(role) ? { role } : {};
    return page({ values, errors: {} });
  },
  async POST(c) {
    const limited = await limitFormPost(c, AUTH_LIMITS.register);
    const form = await parseForm(c, SignupForm);
    const values = withoutSecrets(form.ok ? { ...form.data } : form.values, "password");
    if (limited) return page({ values, errors: limited.errors }, { status: limited.status });
    if (!form.ok) return page({ values, errors: form.errors }, { status: 422 });
    try {
      const signedIn = await register(accountDeps(c), form.data, clientMeta(c), publicOrigin(c));
      setSessionCookies(c, signedIn.tokens);
      return seeOther(c, "/verify-email/sent");
    } catch (err) {
      const failure = formFailure(c, err);
      if (failure.errors._form && failure.status === 409) {
        const errors = { email: "An account with this email already exists.", emailTaken: "1" };
        return page({ values, errors }, { status: 409 });
      }
      return page({ values, errors: failure.errors }, { status: failure.status });
    }
  },
});

export default function Signup({ data }: PageProps<Data>) {
  const { values, errors } = data;
  const role = values.role;
  return (
    <AuthCard
      title={role === "client"
        ? "Hire without fees"
        : role === "worker"
        ? "Find work, keep 100%"
        : "Create your account"}
      lead="Free forever, and we never take a cut of what you earn or pay."
      footer={
        <>
          Already have an account? <a href="/login">Log in</a>
        </>
      }
    >
      {errors._form && <Notice kind="error">{errors._form}</Notice>}
      {errors.emailTaken && (
        <Notice kind="error" title="You already have an account">
          <a href="/login">Log in</a> instead, or <a href="/forgot-password">reset your password</a>
          {" "}
          if you forgot it.
        </Notice>
      )}
      <form method="post" action="/signup" class="stack">
        <fieldset class={`role-picker${errors.role ? " has-error" : ""}`}>
          <legend>I want to…</legend>
          <div class="role-options">
            <label class="role-option">
              <input type="radio" name="role" value="client" checked={role === "client"} required />
              <span class="role-option-body">
                <Icon name="briefcase" size={22} />
                <strong>Hire</strong>
                <span>Post tasks and hire people</span>
              </span>
            </label>
            <label class="role-option">
              <input type="radio" name="role" value="worker" checked={role === "worker"} required />
              <span class="role-option-body">
                <Icon name="search" size={22} />
                <strong>Work</strong>
                <span>Find tasks and get paid</span>
              </span>
            </label>
          </div>
          <FieldError id="f-role-error" message={errors.role} />
        </fieldset>
        <Field
          name="displayName"
          label="Your name"
          autoComplete="name"
          required
          maxLength={80}
          value={values.displayName}
          error={errors.displayName}
          hint="Shown on your profile and in conversations."
        />
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={values.email}
          error={errors.email}
        />
        <PasswordStrength
          name="password"
          label="Password"
          minLength={MIN_PASSWORD}
          emailFieldId="f-email"
          error={errors.password}
        />
        <button type="submit" class="button button-block">Create account</button>
        <p class="fine-print">
          We will email you a link to confirm your address.
        </p>
      </form>
    </AuthCard>
  );
}
