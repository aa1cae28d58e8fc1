/**
 * The one place errors become responses: problem+json under /api, the _404/_500 pages
 * elsewhere. Unexpected errors are logged once here and never leak a stack trace.
 */
import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { HttpError } from "@/server/errors.ts";
import type { AppContext, AppEnv } from "./context.ts";
import { renderPage } from "./render.tsx";
import { wantsHtml } from "./request.ts";

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const error = toHttpError(err);
  if (error.status >= 500) {
    (c.get("log") ?? c.get("deps").log).error("request failed", { error: err });
  }
  return respondWithError(c, error);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  respondWithError(c, new HttpError("not-found", "There is nothing at this address."));

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new HttpError("payload-too-large", "Send at most 1 MB.");
    if (err.status === 400) return new HttpError("bad-request", err.message || undefined);
  }
  return new HttpError("internal", "Something went wrong on our side. Try again in a moment.");
}

export function respondWithError(c: AppContext, error: HttpError): Response {
  for (const [k, v] of Object.entries(error.extra.headers ?? {})) c.header(k, v);
  if (wantsHtml(c)) {
    const { manifest } = c.get("deps");
    const component = error.status === 404 ? manifest.notFound : manifest.error;
    if (component) {
      return renderPage(c, {
        component,
        data: { status: error.status, title: error.toProblem().title, detail: error.message },
        title: error.status === 404 ? "Page not found" : "Something went wrong",
        status: error.status,
      });
    }
  }
  const problem = error.toProblem(new URL(c.req.url).pathname);
  return c.body(JSON.stringify(problem), error.status as 400, {
    "Content-Type": "application/problem+json",
  });
}
