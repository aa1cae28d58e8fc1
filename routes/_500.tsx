import type { PageProps } from "@/server/web/page.ts";

export default function ErrorPage(
  { data }: PageProps<{ status: number; title: string; detail: string }>,
) {
  const serverSide = data.status >= 500;
  return (
    <section class="container error-page">
      <p class="error-code" aria-hidden="true">{data.status}</p>
      <h1>{serverSide ? "Something went wrong" : data.title}</h1>
      <p class="lead">
        {serverSide
          ? "It is our fault, not yours. Try again in a moment; if it keeps happening, let us know."
          : data.detail}
      </p>
      <p class="actions">
        <a class="button" href="/">Go to the home page</a>
      </p>
    </section>
  );
}
