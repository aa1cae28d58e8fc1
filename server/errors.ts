/**
 * The one error type the web layer maps to responses: problem+json for the API, an error page
 * for pages (server/web/errors.ts does the mapping). Domain code throws these.
 */
import {
  type FieldError,
  type Problem,
  PROBLEMS,
  type ProblemSlug,
  problemType,
} from "@/lib/problems.ts";

export class HttpError extends Error {
  override name = "HttpError";
  readonly status: number;
  constructor(
    readonly slug: ProblemSlug,
    detail?: string,
    readonly extra: {
      errors?: FieldError[];
      retryAfter?: number;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? PROBLEMS[slug].title);
    this.status = PROBLEMS[slug].status;
  }

  toProblem(instance?: string): Problem {
    return {
      type: problemType(this.slug),
      title: PROBLEMS[this.slug].title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      ...(this.extra.retryAfter !== undefined ? { retryAfter: this.extra.retryAfter } : {}),
    };
  }
}

export const notFound = (what = "This resource") =>
  new HttpError("not-found", `${what} does not exist or you cannot see it.`);
export const forbidden = (detail?: string) => new HttpError("forbidden", detail);
export const unauthenticated = (detail = "Sign in, or send a valid access token.") =>
  new HttpError("unauthenticated", detail);
export const validationError = (
  errors: FieldError[],
  detail = "Fix the fields listed in errors.",
) => new HttpError("validation", detail, { errors });
