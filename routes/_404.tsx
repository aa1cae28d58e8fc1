import type { PageProps } from "@/server/web/page.ts";

export default function NotFound(_: PageProps<{ detail: string }>) {
  return (
    <section class="error-page">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <a class="button" href="/">Go to the home page</a>
      </p>
    </section>
  );
}
