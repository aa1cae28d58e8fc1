/**
 * Search bench data: clients, workers and jobs with varied, realistic text (per-category title
 * and description templates, skills, budgets in several currencies) around a handful of cities,
 * plus remote work. Deterministic (seeded). Inserted through the real db client and schema in
 * large transactions, so the FTS triggers and indexes are exercised as in production.
 *
 *   deno run -A bench/gen_search_data.ts [--data-dir /tmp/wm-search-bench] [--jobs 100000]
 *     [--workers 20000] [--clients 5000]
 */
import { parseArgs } from "node:util";
import { createDb, type Database } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { jobs } from "@/db/schema_marketplace.ts";
import type { Category } from "@/lib/job_display.ts";

export interface GenOptions {
  jobs: number;
  workers: number;
  clients: number;
  seed?: number;
  now?: number;
  log?: (line: string) => void;
}

export const CITIES = [
  { name: "London", lat: 51.5074, lng: -0.1278, currency: "GBP" },
  { name: "Manchester", lat: 53.4808, lng: -2.2426, currency: "GBP" },
  { name: "Leeds", lat: 53.8008, lng: -1.5491, currency: "GBP" },
  { name: "Berlin", lat: 52.52, lng: 13.405, currency: "EUR" },
  { name: "Paris", lat: 48.8566, lng: 2.3522, currency: "EUR" },
  { name: "New York", lat: 40.7128, lng: -74.006, currency: "USD" },
  { name: "Toronto", lat: 43.6532, lng: -79.3832, currency: "CAD" },
  { name: "Bangalore", lat: 12.9716, lng: 77.5946, currency: "INR" },
];

interface Vocab {
  skills: string[];
  verbs: string[];
  things: string[];
  contexts: string[];
  details: string[];
  remoteShare: number;
  /** Budget range in major units. */
  budget: [number, number];
}

const V: Record<Category, Vocab> = {
  design: {
    skills: ["figma", "logo design", "branding", "illustrator", "ui design", "photoshop", "ux"],
    verbs: ["Design", "Redesign", "Refresh", "Create", "Sketch"],
    things: ["a logo", "a brand identity", "app screens", "a landing page", "a menu", "packaging"],
    contexts: ["for a bakery", "for a fintech startup", "for a yoga studio", "for a charity"],
    details: [
      "We like clean, modern shapes.",
      "Three concepts, then revisions.",
      "Vector files needed.",
    ],
    remoteShare: 0.9,
    budget: [50, 3000],
  },
  development: {
    skills: [
      "react",
      "typescript",
      "node",
      "python",
      "django",
      "postgresql",
      "flutter",
      "wordpress",
      "php",
      "aws",
    ],
    verbs: ["Build", "Fix", "Migrate", "Optimise", "Extend"],
    things: [
      "a React dashboard",
      "a REST API",
      "a WordPress plugin",
      "a Flutter app",
      "a Shopify theme",
      "a data pipeline",
    ],
    contexts: ["for a logistics company", "for an online shop", "for a clinic", "for a school"],
    details: ["Tests are expected.", "Code review with our team.", "Deploy to AWS at the end."],
    remoteShare: 0.85,
    budget: [200, 15000],
  },
  writing: {
    skills: ["copywriting", "seo", "blogging", "editing", "proofreading", "technical writing"],
    verbs: ["Write", "Edit", "Proofread", "Rewrite"],
    things: [
      "ten blog posts",
      "product descriptions",
      "a white paper",
      "website copy",
      "a newsletter",
    ],
    contexts: [
      "about gardening",
      "for a SaaS product",
      "for a travel agency",
      "about personal finance",
    ],
    details: ["British English.", "SEO keywords provided.", "Friendly, plain tone."],
    remoteShare: 0.95,
    budget: [40, 2000],
  },
  translation: {
    skills: ["german", "french", "spanish", "hindi", "japanese", "localisation", "subtitles"],
    verbs: ["Translate", "Localise", "Subtitle"],
    things: ["a user manual", "a website", "legal documents", "a mobile app", "a video course"],
    contexts: ["from English to German", "from French to English", "into Spanish", "into Hindi"],
    details: ["Native speakers only.", "Around 12,000 words.", "Glossary provided."],
    remoteShare: 0.95,
    budget: [60, 4000],
  },
  marketing: {
    skills: [
      "social media",
      "google ads",
      "seo",
      "email marketing",
      "analytics",
      "content strategy",
    ],
    verbs: ["Run", "Plan", "Manage", "Audit"],
    things: ["a Google Ads campaign", "our Instagram", "an email sequence", "an SEO audit"],
    contexts: [
      "for a restaurant",
      "for a B2B startup",
      "for a local gym",
      "for an e-commerce brand",
    ],
    details: ["Monthly reports.", "Budget for ads is separate.", "Experience in retail preferred."],
    remoteShare: 0.8,
    budget: [100, 5000],
  },
  admin: {
    skills: ["data entry", "excel", "bookkeeping", "virtual assistant", "customer support"],
    verbs: ["Enter", "Organise", "Clean up", "Reconcile"],
    things: ["supplier invoices", "a customer spreadsheet", "our CRM", "monthly accounts"],
    contexts: ["for a small law firm", "for a property agent", "for a dental practice"],
    details: ["About 10 hours a week.", "Accuracy matters more than speed.", "Excel needed."],
    remoteShare: 0.8,
    budget: [30, 1500],
  },
  "home-repair": {
    skills: [
      "plumbing",
      "electrical",
      "carpentry",
      "tiling",
      "painting",
      "furniture assembly",
      "plastering",
    ],
    verbs: ["Fix", "Repair", "Install", "Replace", "Assemble"],
    things: [
      "a leaking tap",
      "a bathroom floor",
      "kitchen cabinets",
      "an IKEA wardrobe",
      "a garden fence",
      "ceiling lights",
    ],
    contexts: [
      "in a two-bedroom flat",
      "in a Victorian house",
      "in a small office",
      "before we move in",
    ],
    details: ["Tools required.", "Parking on the street.", "Materials are already bought."],
    remoteShare: 0,
    budget: [40, 2500],
  },
  cleaning: {
    skills: ["deep cleaning", "end of tenancy", "window cleaning", "carpet cleaning", "ironing"],
    verbs: ["Clean", "Deep clean", "Tidy"],
    things: ["a three-bedroom house", "an office", "windows", "carpets", "a holiday let"],
    contexts: ["every Friday", "after renovation", "at the end of tenancy", "before guests arrive"],
    details: ["Supplies provided.", "Pets in the house.", "About four hours."],
    remoteShare: 0,
    budget: [30, 600],
  },
  moving: {
    skills: ["removals", "man with van", "packing", "heavy lifting", "piano moving"],
    verbs: ["Move", "Pack", "Carry", "Transport"],
    things: ["a one-bedroom flat", "a piano", "office furniture", "boxes to storage"],
    contexts: ["across town", "to the third floor", "on Saturday morning", "to another city"],
    details: ["Van needed.", "No lift in the building.", "Two people needed."],
    remoteShare: 0,
    budget: [60, 1500],
  },
  delivery: {
    skills: ["courier", "driving", "cargo bike", "same day delivery"],
    verbs: ["Deliver", "Collect", "Drop off"],
    things: ["flowers", "documents", "groceries", "a sofa", "cakes"],
    contexts: ["to five addresses", "before noon", "every weekday", "across the city"],
    details: ["Own vehicle needed.", "Fragile items.", "Contactless handover."],
    remoteShare: 0,
    budget: [15, 400],
  },
  tutoring: {
    skills: ["maths", "physics", "english", "piano", "coding for kids", "exam preparation"],
    verbs: ["Tutor", "Teach", "Coach"],
    things: [
      "GCSE maths",
      "A-level physics",
      "piano lessons",
      "conversational English",
      "Python basics",
    ],
    contexts: ["for a 14-year-old", "for an adult beginner", "twice a week", "before exams"],
    details: ["Online or at home.", "DBS check preferred.", "Patient and encouraging."],
    remoteShare: 0.5,
    budget: [20, 800],
  },
  photography: {
    skills: [
      "photography",
      "photo editing",
      "lightroom",
      "drone",
      "videography",
      "product photography",
    ],
    verbs: ["Photograph", "Film", "Shoot"],
    things: ["a wedding", "product shots", "a property listing", "a corporate event", "headshots"],
    contexts: ["in a city centre", "on Sunday afternoon", "in our studio", "outdoors"],
    details: ["Edited photos within a week.", "About 200 pictures.", "Drone shots welcome."],
    remoteShare: 0.1,
    budget: [100, 3000],
  },
  other: {
    skills: ["research", "event planning", "pet sitting", "gardening", "errands"],
    verbs: ["Help with", "Organise", "Look after"],
    things: ["a birthday party", "our garden", "two cats", "market research", "a charity event"],
    contexts: ["next weekend", "for two weeks", "in the evenings", "this summer"],
    details: ["References appreciated.", "Flexible hours.", "Good communication needed."],
    remoteShare: 0.3,
    budget: [20, 1000],
  },
};

export const BENCH_CATEGORIES = Object.keys(V) as Category[];
/** Words a searcher would type for a category (from its titles and skills). */
export function wordsFor(category: Category): string[] {
  const v = V[category];
  return [
    ...new Set(
      [...v.things, ...v.verbs, ...v.skills].join(" ").toLowerCase().split(/[^a-z]+/)
        .filter((w) => w.length > 3),
    ),
  ];
}
export function skillsFor(category: Category): string[] {
  return V[category].skills;
}
export const BENCH_SKILLS = [...new Set(Object.values(V).flatMap((v) => v.skills))];
export const BENCH_WORDS = [
  ...new Set(
    Object.values(V).flatMap((v) =>
      [...v.things, ...v.verbs].join(" ").toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 3)
    ),
  ),
];

/** mulberry32: small, fast, seeded. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const some = <T>(xs: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(next() * (max - min + 1));
    return [...new Set(Array.from({ length: n }, () => pick(xs)))];
  };
  return { next, pick, some };
}

/** A point near `city`: most within 15 km, some up to ~60 km out. */
function near(r: ReturnType<typeof rng>, city: (typeof CITIES)[number]) {
  const km = r.next() < 0.8 ? r.next() * 15 : 15 + r.next() * 45;
  const angle = r.next() * 2 * Math.PI;
  const dLat = (km * Math.cos(angle)) / 111.32;
  const dLng = (km * Math.sin(angle)) / (111.32 * Math.cos((city.lat * Math.PI) / 180));
  return { lat: city.lat + dLat, lng: city.lng + dLng };
}

const FIRST = [
  "Asha",
  "Ben",
  "Chloe",
  "Dev",
  "Elif",
  "Finn",
  "Grace",
  "Hugo",
  "Isla",
  "Jon",
  "Kemi",
  "Liam",
  "Maya",
  "Noah",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sam",
  "Tara",
];
const LAST = [
  "Patel",
  "Smith",
  "Müller",
  "Dubois",
  "Okafor",
  "Kim",
  "Rossi",
  "Novak",
  "Silva",
  "Khan",
  "Brown",
  "Jones",
];

export async function generateSearchData(db: Database, opts: GenOptions) {
  const r = rng(opts.seed ?? 42);
  const now = opts.now ?? Date.now();
  const log = opts.log ?? (() => {});
  const batch = 400;
  const clientIds: string[] = [];

  const userRow = (role: "client" | "worker", i: number) => {
    const id = crypto.randomUUID();
    const cat = r.pick(BENCH_CATEGORIES);
    const v = V[cat];
    const city = r.pick(CITIES);
    const here = r.next() < 0.85 ? near(r, city) : null;
    const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    return {
      id,
      email: `bench-${role}-${i}-${id.slice(0, 6)}@example.com`,
      passwordHash: "!bench-no-login",
      emailVerifiedAt: now,
      displayName: name,
      role,
      headline: role === "worker" ? `${r.pick(v.verbs)} ${r.pick(v.things)} — ${cat}` : "",
      bio: role === "worker"
        ? `${r.pick(v.details)} ${r.pick(v.details)} Based in ${city.name}.`
        : "",
      skills: role === "worker" ? r.some(v.skills, 1, 5) : [],
      hourlyRateMinor: role === "worker" ? (10 + Math.floor(r.next() * 90)) * 100 : null,
      hourlyRateCurrency: role === "worker" ? city.currency : null,
      locationName: here ? city.name : null,
      lat: here?.lat ?? null,
      lng: here?.lng ?? null,
      availability: role === "worker"
        ? (r.next() < 0.7 ? "available" : r.next() < 0.5 ? "busy" : "unavailable") as
          | "available"
          | "busy"
          | "unavailable"
        : "available" as const,
      createdAt: now - Math.floor(r.next() * 365 * 86_400_000),
      updatedAt: now,
    };
  };

  for (const [role, count] of [["client", opts.clients], ["worker", opts.workers]] as const) {
    for (let start = 0; start < count; start += batch * 25) {
      await db.write(async (tx) => {
        for (let b = start; b < Math.min(count, start + batch * 25); b += batch) {
          const rows = Array.from(
            { length: Math.min(batch, count - b) },
            (_, k) => userRow(role, b + k),
          );
          if (role === "client") clientIds.push(...rows.map((u) => u.id));
          await tx.insert(users).values(rows);
        }
      });
      log(`${role}s: ${Math.min(count, start + batch * 25)}/${count}`);
    }
  }

  const jobRow = () => {
    const cat = r.pick(BENCH_CATEGORIES);
    const v = V[cat];
    const remote = r.next() < v.remoteShare;
    const city = r.pick(CITIES);
    const place = remote ? null : near(r, city);
    const lo = v.budget[0] + Math.floor(r.next() * (v.budget[1] - v.budget[0]) * 0.6);
    const hi = r.next() < 0.4 ? lo : lo + Math.floor(r.next() * lo);
    const hourly = r.next() < 0.25;
    const roll = r.next();
    const status = roll < 0.85
      ? "open"
      : roll < 0.9
      ? "draft"
      : roll < 0.95
      ? "in_progress"
      : "completed";
    const published = status === "draft" ? null : now - Math.floor(r.next() * 90 * 86_400_000);
    const title = `${r.pick(v.verbs)} ${r.pick(v.things)} ${r.pick(v.contexts)}`;
    const description = [
      `We are looking for help: ${title.toLowerCase()}.`,
      r.pick(v.details),
      r.pick(v.details),
      `Skills that help: ${r.some(v.skills, 2, 4).join(", ")}.`,
      remote ? "This can be done remotely." : `The work is in ${city.name}.`,
      r.pick(V[r.pick(BENCH_CATEGORIES)].details),
    ].join(" ");
    const created = (published ?? now) - Math.floor(r.next() * 3 * 86_400_000);
    return {
      id: crypto.randomUUID(),
      clientId: r.pick(clientIds),
      title,
      description,
      category: cat,
      skills: r.some(v.skills, 1, 4),
      budgetType: hourly ? "hourly" as const : "fixed" as const,
      budgetMinMinor: (hourly ? Math.max(10, Math.floor(lo / 20)) : lo) * 100,
      budgetMaxMinor: (hourly ? Math.max(10, Math.floor(hi / 20)) : hi) * 100,
      currency: remote ? r.pick(["USD", "EUR", "GBP"]) : city.currency,
      deadlineAt: r.next() < 0.5 ? now + Math.floor(r.next() * 60 * 86_400_000) : null,
      isRemote: remote,
      locationName: remote ? null : city.name,
      lat: place?.lat ?? null,
      lng: place?.lng ?? null,
      radiusKm: remote ? null : r.pick([5, 10, 15, 25, 50]),
      priorityTags: r.next() < 0.2 ? ["urgent"] : [],
      status: status as "open" | "draft" | "in_progress" | "completed",
      publishedAt: published,
      createdAt: created,
      updatedAt: created,
    };
  };

  for (let start = 0; start < opts.jobs; start += batch * 25) {
    await db.write(async (tx) => {
      for (let b = start; b < Math.min(opts.jobs, start + batch * 25); b += batch) {
        await tx.insert(jobs).values(
          Array.from({ length: Math.min(batch, opts.jobs - b) }, jobRow),
        );
      }
    });
    log(`jobs: ${Math.min(opts.jobs, start + batch * 25)}/${opts.jobs}`);
  }
  await db.client.execute("ANALYZE");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      "data-dir": { type: "string", default: "/tmp/wm-search-bench" },
      jobs: { type: "string", default: "100000" },
      workers: { type: "string", default: "20000" },
      clients: { type: "string", default: "5000" },
    },
  });
  const dir = values["data-dir"];
  await Deno.mkdir(dir, { recursive: true });
  const db = await createDb({ url: `file:${dir}/workmate.db` });
  const t0 = performance.now();
  await generateSearchData(db, {
    jobs: Number(values.jobs),
    workers: Number(values.workers),
    clients: Number(values.clients),
    log: (line) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n")),
  });
  Deno.stdout.writeSync(
    new TextEncoder().encode(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`),
  );
  db.close();
}
