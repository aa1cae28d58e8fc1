import type { ComponentChildren } from "preact";
import type { ViewerSummary } from "@/lib/types.ts";
import { Logo } from "@/components/Logo.tsx";
import MessagesNavLink from "@/islands/MessagesNavLink.tsx";
import NotificationBadge from "@/islands/NotificationBadge.tsx";

interface LayoutProps {
  children: ComponentChildren;
  url: URL;
  viewer: ViewerSummary | null;
  title?: string;
}

function NavLink(
  { href, url, children, class: className }: {
    href: string;
    url: URL;
    children: ComponentChildren;
    class?: string;
  },
) {
  const current = href === "/jobs"
    // "Find work" covers browsing and applying, not a client's own task management.
    ? /^\/jobs(\/(?!new$)[^/]+(\/apply)?)?\/?$/.test(url.pathname)
    : url.pathname === href || url.pathname.startsWith(`${href}/`);
  return <a href={href} class={className} aria-current={current ? "page" : undefined}>{children}
  </a>;
}

/** The signed-in destinations, shown inline on wide screens and in the Menu on narrow ones. */
function MarketplaceLinks({ viewer, url }: { viewer: ViewerSummary; url: URL }) {
  return (
    <>
      <NavLink href="/dashboard" url={url}>Dashboard</NavLink>
      <MessagesNavLink
        viewerId={viewer.id}
        current={/^\/(messages|workspaces)(\/|$)/.test(url.pathname)}
      />
      <NavLink href="/jobs" url={url}>Find work</NavLink>
      <NavLink href="/workers" url={url}>Find workers</NavLink>
      <NavLink href="/contracts" url={url}>Contracts</NavLink>
      <NavLink href="/settings" url={url}>Settings</NavLink>
      {viewer.role === "client" && (
        <NavLink href="/jobs/new" url={url} class="nav-cta">Post a task</NavLink>
      )}
    </>
  );
}

export default function Layout({ children, viewer, url }: LayoutProps) {
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class={`site-header${viewer ? " is-signed-in" : ""}`}>
        <div class="container header-inner">
          <a class="brand" href={viewer ? "/dashboard" : "/"} aria-label="WorkMate home">
            <Logo />
            <span>WorkMate</span>
          </a>
          <nav class="site-nav" aria-label="Main">
            {viewer
              ? (
                <>
                  <div class="nav-links">
                    <MarketplaceLinks viewer={viewer} url={url} />
                  </div>
                  <MessagesNavLink viewerId={viewer.id} current={false} compact />
                  <NotificationBadge initialCount={viewer.unreadNotifications ?? 0} />
                  <details class="nav-menu">
                    <summary class="button button-ghost button-small">Menu</summary>
                    <div class="nav-menu-panel">
                      <MarketplaceLinks viewer={viewer} url={url} />
                      <NavLink href="/notifications" url={url}>Notifications</NavLink>
                    </div>
                  </details>
                  <a
                    class="nav-user"
                    href={`/users/${viewer.id}`}
                    title={`${viewer.displayName} (${viewer.email}): your public profile`}
                  >
                    <span class="avatar" aria-hidden="true">
                      {initials(viewer.displayName)}
                    </span>
                    <span class="nav-user-name">{viewer.displayName}</span>
                  </a>
                  <form method="post" action="/logout" class="nav-form">
                    <button type="submit" class="button button-ghost button-small">Log out</button>
                  </form>
                </>
              )
              : (
                <>
                  <NavLink href="/login" url={url}>Log in</NavLink>
                  <a class="button button-small" href="/signup">Sign up free</a>
                </>
              )}
          </nav>
        </div>
      </header>
      <main id="main" class="site-main">{children}</main>
      <footer class="site-footer">
        <div class="container footer-inner">
          <div>
            <p class="footer-brand">
              <Logo size={20} /> WorkMate
            </p>
            <p class="muted">
              Task-based work with zero commission. What a client pays is what the worker gets.
            </p>
          </div>
          <nav class="footer-nav" aria-label="Footer">
            {viewer
              ? (
                <>
                  <a href="/dashboard">Dashboard</a>
                  <a href="/settings">Settings</a>
                  <a href="/about/reputation">How reputation works</a>
                </>
              )
              : (
                <>
                  <a href="/signup?role=client">Hire</a>
                  <a href="/signup?role=worker">Find work</a>
                  <a href="/login">Log in</a>
                  <a href="/about/reputation">How reputation works</a>
                </>
              )}
            <a href="/docs/api">API</a>
          </nav>
        </div>
      </footer>
    </>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const chars = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return chars.map((p) => [...p][0]?.toUpperCase() ?? "").join("") || "?";
}
