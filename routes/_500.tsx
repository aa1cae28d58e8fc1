import type { PageProps } from "@/server/web/page.ts";

export default function ErrorPage(
  { data }: PageProps<{ status: number; title: string; detail: string }>,
) {
  return (
    <section class="error-page">
      <h1>{data.status >= 500 ? "Something went wrong" : data.title}</h1>
      <p>{data.detail}</p>
      <p>
        <a class="button" href="/">Go to the home page</a>
      </p>
    </section>
  );
}
