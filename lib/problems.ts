/**
 * Problem types (RFC 9457) that the API answers with. The `type` URIs are stable: clients and
 * tests match on them, so add new ones rather than renaming.
 */
export const PROBLEM_BASE = "https://workmate.dev/problems/";

export const PROBLEMS = {
  "bad-request": { status: 400, title: "Bad request" },
  "malformed-json": { status: 400, title: "The request body is not valid JSON" },
  "validation": { status: 422, title: "The request has invalid fields" },
  "unauthenticated": { status: 401, title: "Sign in to continue" },
  "invalid-credentials": { status: 401, title: "Email or password is incorrect" },
  "invalid-token": { status: 401, title: "The token is invalid or has expired" },
  "forbidden": { status: 403, title: "You are not allowed to do this" },
  "csrf": { status: 403, title: "Cross-site request refused" },
  "account-suspended": { status: 403, title: "This account is suspended" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "conflict": { status: 409, title: "Conflict" },
  "email-taken": { status: 409, title: "An account with this email already exists" },
  "invalid-transition": { status: 409, title: "This action is not possible in the current state" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported content type" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "internal": { status: 500, title: "Something went wrong on our side" },
  "unavailable": { status: 503, title: "Service unavailable" },
} as const;

export type ProblemSlug = keyof typeof PROBLEMS;

export interface FieldError {
  path: string;
  message: string;
}

/** The JSON body of an `application/problem+json` response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  retryAfter?: number;
}

export function problemType(slug: ProblemSlug): string {
  return PROBLEM_BASE + slug;
}
