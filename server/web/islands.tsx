/**
 * Islands on the server. While a page renders, any component registered as an island (from
 * the route manifest) is rendered as usual but wrapped in <wm-island data-island data-index>;
 * its props go into one JSON array that the boot script (client/boot.ts) reads to hydrate it.
 * Islands inside islands are plain components of the outer one. Only pages that use islands
 * load any JavaScript, and only the bundles of the islands they use.
 */
import { createContext, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import type { AnyComponent, IslandEntry } from "./manifest.ts";

export interface IslandAssets {
  /** URL of the built stylesheet (static/css joined), or null before the first build. */
  styles: string | null;
  /** URL of the boot module, or null when the bundles have not been built. */
  boot: string | null;
  /** Island name → URL of its bundle. */
  bundles: Record<string, string>;
}

interface IslandUse {
  name: string;
  props: unknown;
}

const registry = new Map<AnyComponent, string>();
const InsideIsland = createContext(false);
/** The island uses of the render in progress. renderToString is synchronous, so one slot is safe. */
let collecting: IslandUse[] | null = null;
let hookInstalled = false;
/** Set while the boundary creates the island's own vnode, which must not be wrapped again. */
let creatingInner = false;

export function registerIslands(islands: IslandEntry[]): void {
  for (const island of islands) registry.set(island.component, island.name);
  if (hookInstalled) return;
  hookInstalled = true;
  const previous = options.vnode;
  options.vnode = (vnode: VNode<Record<string, unknown>>) => {
    const name = typeof vnode.type === "function" ? registry.get(vnode.type) : undefined;
    if (name && !creatingInner) {
      const { children: _children, ...props } = vnode.props;
      vnode.props = {
        island: name,
        component: vnode.type,
        islandProps: props,
        children: undefined,
      };
      vnode.type = IslandBoundary as AnyComponent;
    }
    previous?.(vnode);
  };
}

function IslandBoundary(
  { island, component, islandProps }: {
    island: string;
    component: AnyComponent;
    islandProps: Record<string, unknown>;
  },
) {
  const nested = useContext(InsideIsland);
  creatingInner = true;
  let inner: VNode;
  try {
    inner = h(component, islandProps);
  } finally {
    creatingInner = false;
  }
  if (nested || !collecting) return inner;
  const index = collecting.length;
  collecting.push({ name: island, props: islandProps });
  return h(
    "wm-island",
    { "data-island": island, "data-index": String(index) },
    h(InsideIsland.Provider, { value: true }, inner),
  );
}

/** Renders with island collection; returns the HTML and the islands it used. */
export function renderCollectingIslands(
  render: () => string,
): { html: string; islands: IslandUse[] } {
  const uses: IslandUse[] = [];
  const outer = collecting;
  collecting = uses;
  try {
    return { html: render(), islands: uses };
  } finally {
    collecting = outer;
  }
}

/** JSON that is safe inside a <script> element: nothing can close the tag or start a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export async function loadIslandAssets(buildDir: URL): Promise<IslandAssets> {
  try {
    const manifest = JSON.parse(await Deno.readTextFile(new URL("manifest.json", buildDir)));
    return { styles: manifest.styles ?? null, boot: manifest.boot, bundles: manifest.islands };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { styles: null, boot: null, bundles: {} };
    throw err;
  }
}
