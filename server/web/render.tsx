/**
 * Renders a page: the route's component inside routes/_layout.tsx, inside the HTML document
 * (head, styles, island data and boot script) that only this file writes.
 */
import type { ComponentType } from "preact";
import { renderToString } from "preact-render-to-string";
import type { ViewerSummary } from "@/lib/types.ts";
import type { AppContext, Viewer } from "./context.ts";
import { jsonForScript, renderCollectingIslands } from "./islands.tsx";
import type { PageProps } from "./page.ts";

export interface RenderOptions<D> {
  component: ComponentType<PageProps<D>>;
  data: D;
  title?: string;
  status?: number;
  styles?: string[];
  /** The viewer's unread notifications, for the header badge. */
  unreadNotifications?: number;
}

export function toViewerSummary(
  viewer: Viewer | null,
  unreadNotifications?: number,
): ViewerSummary | null {
  if (!viewer) return null;
  const u = viewer.user;
  return {
    id: u.id,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    isAdmin: u.isAdmin,
    emailVerified: u.emailVerifiedAt !== null,
    ...(unreadNotifications === undefined ? {} : { unreadNotifications }),
  };
}

export function renderPage<D>(c: AppContext, opts: RenderOptions<D>): Response {
  const { manifest, assets } = c.get("deps");
  const viewer = toViewerSummary(c.get("viewer"), opts.unreadNotifications);
  const url = new URL(c.req.url);
  const Page = opts.component;
  const Layout = manifest.layout;
  const title = opts.title ? `${opts.title} · WorkMate` : "WorkMate — zero-commission work";
  const { html, islands } = renderCollectingIslands(() =>
    renderToString(
      Layout
        ? (
          <Layout url={url} viewer={viewer} title={opts.title}>
            <Page data={opts.data} url={url} viewer={viewer} />
          </Layout>
        )
        : <Page data={opts.data} url={url} viewer={viewer} />,
    )
  );
  const used = [...new Set(islands.map((i) => i.name))].filter((n) => assets.bundles[n]);
  const islandHead = islands.length && assets.boot
    ? [
      ...used.map((n) => `<link rel="modulepreload" href="${assets.bundles[n]}">`),
      `<script type="application/json" id="__wm_islands">${
        jsonForScript({
          bundles: Object.fromEntries(used.map((n) => [n, assets.bundles[n]])),
          props: islands.map((i) => i.props),
        })
      }</script>`,
      `<script type="module" src="${assets.boot}"></script>`,
    ].join("\n")
    : "";
  const doc = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="WorkMate: post tasks, find work, talk and get paid — with zero commission.">
<link rel="icon" href="${assetUrl(c, "/static/favicon.svg")}" type="image/svg+xml">
${
    [
      ...(assets.styles ? [assets.styles] : []),
      ...(opts.styles ?? []).map((href) => assetUrl(c, href)),
    ].map((href) => `<link rel="stylesheet" href="${href}">`).join("\n")
  }
${islandHead}
</head>
<body>${html}</body>
</html>`;
  return c.html(doc, (opts.status ?? 200) as 200);
}

/** A static file's URL with its content hash, so it can be cached as immutable. */
export function assetUrl(c: AppContext, path: string): string {
  const hash = c.get("deps").staticHashes[path];
  return hash ? `${path}?v=${hash}` : path;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
