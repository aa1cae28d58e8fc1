import type { PageProps } from "@/server/web/page.ts";

export default function NotFound({ viewer }: PageProps<{ detail: string }>) {
  return (
    <section class="container error-page">
      <p class="error-code" aria-hidden="true">404</p>
      <h1>Page not found</h1>
      <p class="lead">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <p class="actions">
        <a class="button" href={viewer ? "/dashboard" : "/"}>
          {viewer ? "Go to your dashboard" : "Go to the home page"}
        </a>
      </p>
    </section>
  );
}
