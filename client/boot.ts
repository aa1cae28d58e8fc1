/**
 * Island boot: reads the page's island list, loads only the bundles it names, and hydrates
 * each <wm-island> in place. Marks each with data-hydrated once mounted (tests wait for it).
 */
import { h, hydrate } from "preact";

interface IslandData {
  bundles: Record<string, string>;
  props: unknown[];
}

async function boot() {
  const script = document.getElementById("__wm_islands");
  if (!script?.textContent) return;
  const data = JSON.parse(script.textContent) as IslandData;
  const elements = Array.from(document.querySelectorAll<HTMLElement>("wm-island[data-island]"));
  await Promise.all(elements.map(async (el) => {
    const name = el.dataset.island!;
    const url = data.bundles[name];
    if (!url) return;
    const mod = await import(url);
    const props = data.props[Number(el.dataset.index)] as Record<string, unknown>;
    hydrate(h(mod.default, props), el);
    el.dataset.hydrated = "true";
  }));
  document.documentElement.dataset.islandsReady = "true";
}

boot().catch((err) => {
  document.documentElement.dataset.islandsError = String(err);
  throw err;
});
