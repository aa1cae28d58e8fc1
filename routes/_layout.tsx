import type { ComponentChildren } from "preact";
import type { ViewerSummary } from "@/lib/types.ts";

interface LayoutProps {
  children: ComponentChildren;
  url: URL;
  viewer: ViewerSummary | null;
  title?: string;
}

export default function Layout({ children, viewer }: LayoutProps) {
  return (
    <>
      <header class="site-header">
        <a class="brand" href="/">WorkMate</a>
        <nav>
          {viewer
            ? (
              <>
                <a href="/dashboard">Dashboard</a>
                <a href="/settings">Settings</a>
                <form method="post" action="/logout" class="inline">
                  <button type="submit" class="link">Log out</button>
                </form>
              </>
            )
            : (
              <>
                <a href="/login">Log in</a>
                <a class="button" href="/signup">Sign up</a>
              </>
            )}
        </nav>
      </header>
      <main>{children}</main>
      <footer class="site-footer">WorkMate — zero commission, open source.</footer>
    </>
  );
}
