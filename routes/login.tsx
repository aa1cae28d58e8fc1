import { AuthCard } from "@/components/AuthCard.tsx";
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { LoginForm } from "@/lib/schemas/forms.ts";
import { login } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { accountDeps, clientMeta } from "@/server/web/auth_helpers.ts";
import {
  type FieldErrors,
  formFailure,
  limitFormPost,
  safeNext,
  withoutSecrets,
} from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";
import { setSessionCookies } from "@/server/web/session_cookies.ts";

export const title = "Log in";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  /** The validated return path, or "" for the dashboard. */
  next: string;
}

/** Only a same-site path survives; anything else means "the dashboard". */
function nextOf(raw: string | undefined): string {
  const next = safeNext(raw, "");
  return next.startsWith("/login") ? "" : next;
}

export const handler = definePage<Data>({
  GET(c) {
    const next = nextOf(c.req.query("next"));
    if (c.get("viewer")) return seeOther(c, next || "/dashboard");
    return page({ values: {}, errors: {}, next });
  },
  async POST(c) {
    const limited = await limitFormPost(c, AUTH_LIMITS.login);
    const form = await parseForm(c, LoginForm, (f) => ({ email: f.email, password: f.password }));
    const raw = await c.req.parseBody();
    const next = nextOf(typeof raw.next === "string" ? raw.next : c.req.query("next"));
    const values = withoutSecrets(form.ok ? { email: form.data.email } : form.values, "password");
    if (limited) return page({ values, errors: limited.errors, next }, { status: limited.status });
    if (!form.ok) return page({ values, errors: form.errors, next }, { status: 422 });
    try {
      const signedIn = await login(
        accountDeps(c),
        form.data.email,
        form.data.password,
        clientMeta(c),
      );
      setSessionCookies(c, signedIn.tokens);
      return seeOther(c, next || "/dashboard");
    } catch (err) {
      const failure = formFailure(c, err);
      return page({ values, errors: failure.errors, next }, { status: failure.status });
    }
  },
});

export default function Login({ data }: PageProps<Data>) {
  const { values, errors, next } = data;
  return (
    <AuthCard
      title="Welcome back"
      lead="Log in to pick up where you left off."
      footer={
        <>
          New to WorkMate? <a href="/signup">Create an account</a>
        </>
      }
    >
      {next && !errors._form && <Notice kind="info">Log in to continue to that page.</Notice>}
      {errors._form && <Notice kind="error">{errors._form}</Notice>}
      <form method="post" action="/login" class="stack">
        {next && <input type="hidden" name="next" value={next} />}
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={values.email}
          error={errors.email}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
          hint={<a href="/forgot-password">Forgot your password?</a>}
        />
        <button type="submit" class="button button-block">Log in</button>
      </form>
    </AuthCard>
  );
}
