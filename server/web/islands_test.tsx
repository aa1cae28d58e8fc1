import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { renderToString } from "preact-render-to-string";
import { jsonForScript, registerIslands, renderCollectingIslands } from "./islands.tsx";

function Counter(props: { start: number; label: string }) {
  return <button type="button">{props.label}: {props.start}</button>;
}
function Panel(props: { title: string }) {
  return (
    <section>
      <h2>{props.title}</h2>
      <Counter start={1} label="inner" />
    </section>
  );
}
registerIslands([
  { name: "Counter", component: Counter },
  { name: "Panel", component: Panel },
]);

const HOSTILE = "</script><script>alert(1)</script>";

Deno.test("islands - an island renders inside a wm-island marker with its props collected", () => {
  const { html, islands } = renderCollectingIslands(() =>
    renderToString(
      <main>
        <p>static</p>
        <Counter start={3} label="Likes" />
      </main>,
    )
  );
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  const marker = document.querySelector("wm-island")!;
  assert.equal(marker.getAttribute("data-island"), "Counter");
  assert.equal(marker.getAttribute("data-index"), "0");
  assert.equal(marker.textContent, "Likes: 3");
  assert.deepEqual(islands, [{ name: "Counter", props: { start: 3, label: "Likes" } }]);
});

Deno.test("islands - sibling islands get their own markers and indexes", () => {
  const { html, islands } = renderCollectingIslands(() =>
    renderToString(
      <div>
        <Counter start={1} label="a" />
        <Counter start={2} label="b" />
      </div>,
    )
  );
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  const markers = [...document.querySelectorAll("wm-island")];
  assert.deepEqual(markers.map((m) => m.getAttribute("data-index")), ["0", "1"]);
  assert.deepEqual(islands.map((i) => i.props), [{ start: 1, label: "a" }, {
    start: 2,
    label: "b",
  }]);
});

Deno.test("islands - an island inside an island is not wrapped twice", () => {
  const { html, islands } = renderCollectingIslands(() => renderToString(<Panel title="Outer" />));
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  const markers = [...document.querySelectorAll("wm-island")];
  assert.equal(markers.length, 1);
  assert.equal(markers[0].getAttribute("data-island"), "Panel");
  assert.equal(markers[0].querySelector("button")?.textContent, "inner: 1");
  assert.deepEqual(islands, [{ name: "Panel", props: { title: "Outer" } }]);
});

Deno.test("islands - rendering outside a page render adds no markers", () => {
  const html = renderToString(<Counter start={1} label="x" />);
  assert.equal(html, '<button type="button">x: 1</button>');
});

Deno.test("islands - props JSON cannot close the script element", () => {
  const json = jsonForScript({ props: [{ label: HOSTILE, other: "<!-- & \u2028 \u2029" }] });
  assert.equal(json.includes("<"), false);
  assert.equal(json.includes(">"), false);
  assert.equal(json.includes("&"), false);
  assert.equal(json.includes("\u2028"), false);
  assert.deepEqual(JSON.parse(json), {
    props: [{ label: HOSTILE, other: "<!-- & \u2028 \u2029" }],
  });
});

Deno.test("islands - a hostile prop stays data in a rendered document", () => {
  const { html, islands } = renderCollectingIslands(() =>
    renderToString(<Counter start={0} label={HOSTILE} />)
  );
  const doc = `<html><head><script type="application/json" id="__wm_islands">${
    jsonForScript({ props: islands.map((i) => i.props) })
  }</script></head><body>${html}</body></html>`;
  const { document } = parseHTML(doc);
  const scripts = [...document.querySelectorAll("script")];
  assert.equal(scripts.length, 1, "no second script element was injected");
  const data = JSON.parse(document.getElementById("__wm_islands")!.textContent!);
  assert.equal(data.props[0].label, HOSTILE);
  assert.equal(document.querySelector("button")!.textContent, `${HOSTILE}: 0`);
});

Deno.test("islands - a served page carries the marker and props that cannot break out", async () => {
  const { startServer } = await import("@/server/start.ts");
  const dataDir = await Deno.makeTempDir({ prefix: "workmate-islands-" });
  const page = ({ url }: { url: URL }) => (
    <article>
      <Counter start={5} label={url.searchParams.get("label") ?? ""} />
    </article>
  );
  const server = await startServer({
    env: { PORT: "0", HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    manifest: {
      routes: [{ file: "routes/island.tsx", path: "/island", module: { default: page } }],
      islands: [{ name: "Counter", component: Counter }],
    },
    startWorker: false,
  });
  try {
    const res = await fetch(`${server.url}/island?label=${encodeURIComponent(HOSTILE)}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    const { document } = parseHTML(html);
    const marker = document.querySelector("wm-island")!;
    assert.equal(marker.getAttribute("data-island"), "Counter");
    assert.equal(marker.textContent, `${HOSTILE}: 5`);
    if (server.deps.assets.boot) {
      const data = document.getElementById("__wm_islands");
      assert.ok(data, "props script present");
      assert.deepEqual(JSON.parse(data.textContent!).props, [{ start: 5, label: HOSTILE }]);
      assert.equal(html.includes(HOSTILE), false, "the raw payload appears nowhere");
      const inline = [...document.querySelectorAll("script")].filter((s) =>
        !s.getAttribute("src") && s.getAttribute("type") !== "application/json"
      );
      assert.deepEqual(inline, [], "no inline executable script");
    }
  } finally {
    await server.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
});
