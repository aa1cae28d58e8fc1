import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";

Deno.test("jsx - strings in arrays are escaped exactly once and the array is left alone", () => {
  const names = ["Tom & Jerry", "<b>bold</b>"];
  assert.equal(renderToString(<p>{names}</p>), "<p>Tom &amp; Jerry&lt;b>bold&lt;/b></p>");
  assert.deepEqual(names, ["Tom & Jerry", "<b>bold</b>"], "not mutated");
  assert.equal(
    renderToString(<p>{names.map((n) => n.toUpperCase())}</p>),
    "<p>TOM &amp; JERRY&lt;B>BOLD&lt;/B></p>",
  );
  assert.equal(
    renderToString(<ul>{names.map((n) => <li key={n}>{n}</li>)}</ul>).replace(/ >/g, ">"),
    "<ul><li>Tom &amp; Jerry</li><li>&lt;b>bold&lt;/b></li></ul>",
  );
  assert.equal(
    renderToString(<p>{[["a&b"], <i key="i">{"<i>"}</i>]}</p>).replace(/ >/g, ">"),
    "<p>a&amp;b<i>&lt;i&gt;</i></p>",
  );
});
