/** Helpers for the jobs, uploads and search tests: verified users, job bodies, multipart. */
import assert from "node:assert/strict";
import { registerUser, type TestClient, type TestServer } from "../helpers/server.ts";

export async function verifyEmail(server: TestServer, userId: string) {
  await server.deps.db.client.execute({
    sql: "UPDATE users SET email_verified_at = ? WHERE id = ?",
    args: [Date.now(), userId],
  });
}

/** A client account with a confirmed email (it can publish). */
export async function verifiedClient(server: TestServer, displayName?: string) {
  const u = await registerUser(server, { role: "client", displayName });
  await verifyEmail(server, u.user.id);
  return u;
}

export function futureIso(days = 30): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

// deno-lint-ignore no-explicit-any
export function jobBody(overrides: Record<string, any> = {}) {
  return {
    title: "Assemble an IKEA wardrobe",
    description: "A PAX wardrobe, two metres wide, needs assembling and fixing to the wall.",
    category: "home-repair",
    skills: ["Furniture Assembly", "drilling"],
    budget: { type: "fixed", minMinor: 5000, maxMinor: 8000, currency: "GBP" },
    deadline: futureIso(),
    remote: false,
    location: { name: "Leeds", lat: 53.8008, lng: -1.5491, radiusKm: 15 },
    priorityTags: ["weekend"],
    ...overrides,
  };
}

// deno-lint-ignore no-explicit-any
export async function postJob(client: TestClient, overrides: Record<string, any> = {}) {
  const res = await client.json("POST", "/api/v1/jobs", jobBody(overrides));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** A multipart/form-data body with text fields and files, as a browser would send it. */
export function multipart(
  parts: {
    name: string;
    value?: string;
    file?: { name: string; type: string; bytes: Uint8Array };
  }[],
) {
  const boundary = `----wm${crypto.randomUUID().replace(/-/g, "")}`;
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(enc.encode(`--${boundary}\r\n`));
    if (p.file) {
      chunks.push(enc.encode(
        `Content-Disposition: form-data; name="${p.name}"; filename="${p.file.name}"\r\n` +
          `Content-Type: ${p.file.type}\r\n\r\n`,
      ));
      chunks.push(p.file.bytes);
    } else {
      chunks.push(enc.encode(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n`));
      chunks.push(enc.encode(p.value ?? ""));
    }
    chunks.push(enc.encode("\r\n"));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) (body.set(c, at), at += c.length);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(
  client: TestClient,
  file: { name: string; type: string; bytes: Uint8Array },
) {
  const { body, contentType } = multipart([{ name: "file", file }]);
  return await client.json("POST", "/api/v1/uploads", body, { "content-type": contentType });
}

export const PNG = Uint8Array.from([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  0x00,
  0x00,
  0x00,
  0x0d,
  0x49,
  0x48,
  0x44,
  0x52,
  0x00,
  0x00,
  0x00,
  0x01,
  0x00,
  0x00,
  0x00,
  0x01,
  0x08,
  0x06,
  0x00,
  0x00,
  0x00,
  0x1f,
  0x15,
  0xc4,
  0x89,
  0x00,
  0x00,
  0x00,
  0x0d,
  0x49,
  0x44,
  0x41,
  0x54,
  0x78,
  0x9c,
  0x63,
  0x60,
  0x00,
  0x02,
  0x00,
  0x00,
  0x05,
  0x00,
  0x01,
  0x7a,
  0x5e,
  0xab,
  0x3f,
  0x00,
  0x00,
  0x00,
  0x00,
  0x49,
  0x45,
  0x4e,
  0x44,
  0xae,
  0x42,
  0x60,
  0x82,
]);
export const text = (s: string) => new TextEncoder().encode(s);

export async function uploadPng(client: TestClient, name = "photo.png"): Promise<string> {
  const res = await upload(client, { name, type: "image/png", bytes: PNG });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

export async function rowCount(server: TestServer, table: string, where = "1=1") {
  const r = await server.deps.db.client.execute(
    `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
  );
  return Number(r.rows[0].n);
}
