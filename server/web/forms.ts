/**
 * What the HTML form pages share: a use case's HttpError shown inside the form instead of an
 * error page, the signed-in guard, per-IP limits on form posts, and safe `?next=` redirects.
 */
import { HttpError } from "@/server/errors.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import type { AppContext } from "./context.ts";
import { enforceRateLimit } from "./middleware/rate_limit.ts";
import { seeOther } from "./page.ts";

/** Messages keyed by form field; `_form` is about the form as a whole. */
export type FieldErrors = Record<string, string>;

export interface FormFailure {
  errors: FieldErrors;
  status: number;
}

const FRIENDLY: Partial<Record<HttpError["slug"], string>> = {
  "invalid-credentials":
    "That email and password do not match an account. Check both and try again.",
};

/**
 * Turns an HttpError from a use case (or a rate limit) into messages for the form, keeping its
 * status and headers (Retry-After). Anything else is a real failure and is rethrown.
 */
export function formFailure(c: AppContext, err: unknown): FormFailure {
  if (!(err instanceof HttpError)) throw err;
  for (const [k, v] of Object.entries(err.extra.headers ?? {})) c.header(k, v);
  const errors: FieldErrors = {};
  for (const e of err.extra.errors ?? []) {
    errors[e.path.replace(/^(body|query|params)\./, "")] ??= e.message;
  }
  if (Object.keys(errors).length === 0) errors._form = FRIENDLY[err.slug] ?? err.message;
  return { errors, status: err.status };
}

/** Applies the API's per-IP limit to a form post; a refusal comes back as a form failure. */
export async function limitFormPost(
  c: AppContext,
  rule: RateLimitRule,
): Promise<FormFailure | null> {
  try {
    await enforceRateLimit(c, rule);
    return null;
  } catch (err) {
    return formFailure(c, err);
  }
}

/** Sends a signed-out visitor to the login form, coming back here afterwards. */
export function signInRedirect(c: AppContext): Response {
  const url = new URL(c.req.url);
  const here = c.req.method === "GET" ? url.pathname + url.search : url.pathname;
  return seeOther(c, `/login?next=${encodeURIComponent(here)}`);
}

/**
 * A `?next=` target only when it is a path on this site ("/settings"), never another origin
 * ("https://evil.example", "//evil.example", "/\\evil.example"), so login is no open redirect.
 */
export function safeNext(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) {
    return fallback;
  }
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  const base = "http://same.invalid";
  try {
    const url = new URL(raw, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** The submitted values minus secrets, for re-rendering a form that failed. */
export function withoutSecrets(
  values: Record<string, string>,
  ...secrets: string[]
): Record<string, string> {
  const copy = { ...values };
  for (const name of secrets) delete copy[name];
  return copy;
}
