import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { location, readHtml } from "./html.ts";

Deno.test("dashboard - /dashboard sends each role to its own page", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const client = await registerUser(server, { role: "client" });
  assert.equal(location(await worker.client.request("GET", "/dashboard")), "/dashboard/worker");
  assert.equal(location(await client.client.request("GET", "/dashboard")), "/dashboard/client");
  assert.equal(
    location(await client.client.request("GET", "/dashboard/worker")),
    "/dashboard/client",
  );
  assert.equal(
    location(await server.client().request("GET", "/dashboard")),
    "/login?next=%2Fdashboard",
  );
});

Deno.test("dashboard - worker page greets by name, asks to confirm the email, lists profile steps", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "worker", displayName: "Omar Worker" });
  const res = await client.request("GET", "/dashboard/worker");
  assert.equal(res.status, 200);
  const { document } = await readHtml(res);
  assert.match(document.querySelector("h1")?.textContent ?? "", /Omar Worker/);
  assert.ok(document.querySelector('.banner form[action="/verify-email/sent"]'));
  assert.ok(document.querySelectorAll(".checklist li").length >= 5);
  assert.match(document.body.textContent ?? "", /Zero commission/);
});

Deno.test("dashboard - client page offers the first task", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "client", displayName: "Cleo Client" });
  const { document } = await readHtml(await client.request("GET", "/dashboard/client"));
  assert.match(document.querySelector("h1")?.textContent ?? "", /Cleo Client/);
  assert.match(document.body.textContent ?? "", /Post your first task/);
});

Deno.test("dashboard - a display name with markup is shown as text", async () => {
  await using server = await startTestServer();
  const name = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
  const { client } = await registerUser(server, { displayName: name });
  const res = await client.request("GET", "/dashboard/worker");
  const { text, document } = await readHtml(res);
  assert.ok(!text.includes("<script>alert"), "no script element from the name");
  assert.ok(!text.includes("<img src=x"), "no img element from the name");
  assert.ok(text.includes("&lt;script"));
  // The only scripts are the islands' (the header's notification badge): their JSON props and
  // the boot module, both from the layout; none comes from the name.
  for (const script of document.querySelectorAll("script")) {
    const isProps = script.id === "__wm_islands" &&
      script.getAttribute("type") === "application/json";
    const isBoot = script.getAttribute("type") === "module" &&
      (script.getAttribute("src") ?? "").startsWith("/static/_build/");
    assert.ok(isProps || isBoot, `unexpected script: ${script.outerHTML.slice(0, 80)}`);
  }
  assert.match(document.querySelector("h1")?.textContent ?? "", /<script>alert/);
});
