/**
 * Demo tasks for `deno task seed`: a few open tasks per demo client, posted through the same
 * use case as the post-a-task page, so the job board and search have something to show.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client.ts";
import { jobs } from "@/db/schema_marketplace.ts";
import { JobCreateBody } from "@/lib/schemas/jobs.ts";
import type { Bus } from "@/server/bus/bus.ts";
import { getUserByEmail } from "@/server/auth/users.ts";
import { createJob } from "@/server/marketplace/jobs.ts";

const DAY = 86_400_000;

interface DemoJob {
  clientEmail: string;
  title: string;
  description: string;
  category: string;
  skills: string[];
  budget: { type: "fixed" | "hourly"; min: number; max: number; currency: string };
  place?: { name: string; lat: number; lng: number; radiusKm: number };
  inDays: number;
}

export const DEMO_JOBS: DemoJob[] = [
  {
    clientEmail: "maya.chen@example.com",
    title: "Product photos for 12 coffee bags",
    description: "White-background packshots of 12 retail coffee bags, plus 4 lifestyle shots " +
      "in our roastery. Edited JPEGs at web and print size.",
    category: "photography",
    skills: ["product photography", "photo editing"],
    budget: { type: "fixed", min: 300, max: 450, currency: "GBP" },
    place: { name: "Hackney, London", lat: 51.545, lng: -0.0553, radiusKm: 20 },
    inDays: 21,
  },
  {
    clientEmail: "maya.chen@example.com",
    title: "Speed up our Shopify store",
    description: "Our product pages take 6 s to load on mobile. Audit apps and theme code, fix " +
      "what you can and write down what you changed.",
    category: "development",
    skills: ["shopify", "web performance", "javascript"],
    budget: { type: "hourly", min: 40, max: 60, currency: "GBP" },
    inDays: 30,
  },
  {
    clientEmail: "david.park@example.com",
    title: "Clean up a shipments spreadsheet and build a weekly report",
    description: "A Google Sheet with 8,000 rows of shipments needs deduplicating and a weekly " +
      "pivot report per carrier, refreshed automatically.",
    category: "admin",
    skills: ["google sheets", "data cleaning"],
    budget: { type: "fixed", min: 250, max: 400, currency: "USD" },
    inDays: 14,
  },
  {
    clientEmail: "sofia.rossi@example.com",
    title: "Assemble two wardrobes and a bed frame",
    description: "Flat-pack furniture (two PAX wardrobes, one MALM bed) in a third-floor flat " +
      "with a lift. Tools needed; fixing the wardrobes to the wall.",
    category: "home-repair",
    skills: ["furniture assembly"],
    budget: { type: "fixed", min: 150, max: 220, currency: "EUR" },
    place: { name: "Navigli, Milan", lat: 45.4516, lng: 9.1766, radiusKm: 15 },
    inDays: 10,
  },
];

/** Posts each demo task whose client exists and has no task of that title yet. */
export async function seedJobs(db: Database, bus: Bus, now: number): Promise<string[]> {
  const rows: string[] = [];
  for (const demo of DEMO_JOBS) {
    const client = await getUserByEmail(db.orm, demo.clientEmail);
    if (!client) continue;
    const [existing] = await db.orm.select({ id: jobs.id }).from(jobs)
      .where(and(eq(jobs.clientId, client.id), eq(jobs.title, demo.title))).limit(1);
    if (existing) {
      rows.push(`| ${demo.title} | ${client.displayName} | already there |`);
      continue;
    }
    const input = JobCreateBody.parse({
      title: demo.title,
      description: demo.description,
      category: demo.category,
      skills: demo.skills,
      budget: {
        type: demo.budget.type,
        minMinor: demo.budget.min * 100,
        maxMinor: demo.budget.max * 100,
        currency: demo.budget.currency,
      },
      deadline: new Date(now + demo.inDays * DAY).toISOString(),
      remote: !demo.place,
      location: demo.place ?? null,
      publish: true,
    });
    await createJob({ db, bus, now }, client, input);
    rows.push(`| ${demo.title} | ${client.displayName} | posted |`);
  }
  return rows;
}
