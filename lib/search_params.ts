/**
 * The search pages' own parameters and their conversion to the API's. People type amounts in
 * major units ("25.50") and latitude and longitude in separate fields; the API takes minor
 * units and `near=lat,lng`. The page handler and the live-search island both convert here
 * (no zod, so the island stays small).
 */
import { amountInput, parseAmount } from "./job_display.ts";

const MONEY = {
  job: { lo: "min", hi: "max", apiLo: "budgetMin", apiHi: "budgetMax" },
  worker: { lo: "rateFrom", hi: "rateTo", apiLo: "rateMin", apiHi: "rateMax" },
} as const;

/** Page fields that are not API parameters (besides the money and place fields). */
const PAGE_ONLY = new Set(["lat", "lng", "deleted", "saved"]);

export function pageParamsToApi(
  page: Record<string, string>,
  kind: "job" | "worker",
): { params: Record<string, string>; errors: Record<string, string> } {
  const m = MONEY[kind];
  const params: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(page)) {
    const value = v.trim();
    if (value === "" || k === m.lo || k === m.hi || PAGE_ONLY.has(k)) continue;
    params[k] = value;
  }
  const currency = page.currency?.trim() || "USD";
  for (const [field, api] of [[m.lo, m.apiLo], [m.hi, m.apiHi]] as const) {
    const value = page[field]?.trim();
    if (!value) continue;
    const minor = parseAmount(value, currency);
    if (minor === undefined) errors[field] = "Enter an amount like 25 or 25.50.";
    else params[api] = String(minor);
  }
  if (params[m.apiLo] === undefined && params[m.apiHi] === undefined) delete params.currency;
  else params.currency = currency;
  const lat = page.lat?.trim(), lng = page.lng?.trim();
  if (lat || lng) {
    if (!lat || !lng) errors.lat = "Enter both latitude and longitude.";
    else params.near = `${lat},${lng}`;
  } else delete params.radiusKm;
  if (params.sort === "distance" && !params.near) {
    errors.sort = "Enter a place to sort by distance.";
  }
  return { params, errors };
}

/** API parameters → the page's fields (for "run this search" links and form values). */
export function apiParamsToPage(
  params: Record<string, string>,
  kind: "job" | "worker" = "job",
): Record<string, string> {
  const m = MONEY[kind];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === "near") {
      const [lat, lng] = v.split(",");
      out.lat = lat ?? "";
      out.lng = lng ?? "";
    } else if (k === m.apiLo) out[m.lo] = amountInput(Number(v), params.currency ?? "USD");
    else if (k === m.apiHi) out[m.hi] = amountInput(Number(v), params.currency ?? "USD");
    else out[k] = v;
  }
  return out;
}

/** An API validation path (query.budgetMin, body.query.near) → the page field to show it at. */
export function apiFieldToPage(path: string, kind: "job" | "worker"): string {
  const field = path.replace(/^(body\.query|query|body)\./, "").split(".")[0];
  const m = MONEY[kind];
  const map: Record<string, string> = { [m.apiLo]: m.lo, [m.apiHi]: m.hi, near: "lat" };
  return map[field] ?? field;
}

/** The non-empty fields as a query string, in a stable order (for links and the URL bar). */
export function toQueryString(values: Record<string, string>): string {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v.trim() !== "") usp.set(k, v.trim());
  return usp.toString();
}

/** A short description of a saved job search, e.g. "“tiling” · Home repair · within 20 km". */
export function describeJobSearch(
  params: Record<string, string>,
  categoryLabel: (c: string) => string,
): string {
  const parts: string[] = [];
  if (params.q) parts.push(`“${params.q}”`);
  if (params.category) parts.push(categoryLabel(params.category));
  if (params.skills) parts.push(`skills: ${params.skills.split(",").join(", ")}`);
  if (params.remote === "true") parts.push("remote only");
  if (params.remote === "false") parts.push("on-site only");
  if (params.near) parts.push(`within ${params.radiusKm ?? "25"} km of ${params.near}`);
  if (params.budgetMin || params.budgetMax) {
    const page = apiParamsToPage(params);
    parts.push(`${params.currency} ${page.min ?? "0"}–${page.max ?? "any"}`);
  }
  if (params.postedWithin) parts.push(`posted in the last ${params.postedWithin} days`);
  if (params.minClientRating) parts.push(`client rated ${params.minClientRating}+`);
  return parts.join(" · ") || "All open tasks";
}
