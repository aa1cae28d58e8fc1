/**
 * `deno task seed`: demo accounts for trying WorkMate locally, created through the same use
 * cases as sign-up (register, then the profile update the settings page makes), then marked
 * verified, and a few open demo tasks (seed_jobs.ts). Safe to run again: an email that already
 * has an account, or a task its client already posted, is skipped.
 * Reads the same environment as the server (DATA_DIR, LIBSQL_URL, …).
 */
import { eq } from "drizzle-orm";
import { createDb } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { ProfilePatch, type ProfilePatchInput, RegisterBody } from "@/lib/schemas/auth.ts";
import { register } from "@/server/auth/accounts.ts";
import { revokeUserSessions } from "@/server/auth/sessions.ts";
import { createTokenKeys } from "@/server/auth/tokens.ts";
import { getUserByEmail, updateProfile } from "@/server/auth/users.ts";
import { createMemoryBus } from "@/server/bus/bus.ts";
import { systemClock } from "@/server/clock.ts";
import { ConfigError, loadConfig } from "@/server/config.ts";
import { seedJobs } from "./seed_jobs.ts";

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = "workmate-demo-password";

interface DemoUser {
  email: string;
  displayName: string;
  role: "client" | "worker";
  profile: ProfilePatchInput;
}

const eur = (amount: number) => ({ amountMinor: amount * 100, currency: "EUR" });
const BERLIN = { name: "Berlin, Germany", lat: 52.52, lng: 13.405 };

export const DEMO_USERS: DemoUser[] = [
  {
    email: "maya.chen@example.com",
    displayName: "Maya Chen",
    role: "client",
    profile: {
      headline: "Founder, Ember & Oak coffee roasters",
      bio: "We roast small batches in east London and sell online. I hire for web work, " +
        "product photography and the odd spreadsheet rescue.",
      location: { name: "London, United Kingdom", lat: 51.5072, lng: -0.1276 },
      timezone: "Europe/London",
    },
  },
  {
    email: "david.park@example.com",
    displayName: "David Park",
    role: "client",
    profile: {
      headline: "Operations lead at a 12-person logistics startup",
      bio: "I post well-scoped tasks with clear acceptance criteria and pay on delivery.",
      location: { name: "New York, United States", lat: 40.7128, lng: -74.006 },
      timezone: "America/New_York",
    },
  },
  {
    email: "sofia.rossi@example.com",
    displayName: "Sofia Rossi",
    role: "client",
    profile: {
      headline: "Moving flats in Berlin this spring",
      bio: "Looking for help with furniture, painting and a few small repairs.",
      location: { name: "Berlin-Neukölln, Germany", lat: 52.4811, lng: 13.4354 },
      timezone: "Europe/Berlin",
    },
  },
  {
    email: "ana.souza@example.com",
    displayName: "Ana Souza",
    role: "worker",
    profile: {
      headline: "Full-stack developer: TypeScript, Deno and PostgreSQL",
      bio: "Nine years building web products, the last four as a freelancer. I like small " +
        "teams, typed code and tests that catch real bugs. Fluent in English and Portuguese.",
      skills: ["typescript", "deno", "react", "postgresql", "api design"],
      hourlyRate: eur(65),
      location: { name: "Lisbon, Portugal", lat: 38.7223, lng: -9.1393 },
      timezone: "Europe/Lisbon",
    },
  },
  {
    email: "jonas.becker@example.com",
    displayName: "Jonas Becker",
    role: "worker",
    profile: {
      headline: "Product designer for web and mobile apps",
      bio: "From a rough idea to a tested Figma prototype and a design system your developers " +
        "can use. Previously design lead at two Berlin startups.",
      skills: ["figma", "ui design", "ux research", "design systems", "prototyping"],
      hourlyRate: eur(70),
      location: BERLIN,
      timezone: "Europe/Berlin",
    },
  },
  {
    email: "tom.okafor@example.com",
    displayName: "Tom Okafor",
    role: "worker",
    profile: {
      headline: "Handyman in Berlin: furniture assembly, painting, small repairs",
      bio: "Own tools and a van. Flat-pack furniture, wall mounting, painting and fixing the " +
        "things that have been broken for months. Usually available within 48 hours.",
      skills: ["furniture assembly", "painting", "repairs", "wall mounting", "moving help"],
      hourlyRate: eur(35),
      location: { name: "Berlin-Kreuzberg, Germany", lat: 52.4986, lng: 13.403 },
      timezone: "Europe/Berlin",
    },
  },
  {
    email: "priya.raman@example.com",
    displayName: "Priya Raman",
    role: "worker",
    profile: {
      headline: "Data analyst: SQL, Python and dashboards that people read",
      bio: "I turn messy exports into clean data and answer the question you actually have. " +
        "Power BI, Metabase and plain SQL.",
      skills: ["sql", "python", "pandas", "power bi", "data cleaning"],
      hourlyRate: { amountMinor: 2_500_00, currency: "INR" },
      location: { name: "Bengaluru, India", lat: 12.9716, lng: 77.5946 },
      timezone: "Asia/Kolkata",
    },
  },
  {
    email: "marcus.reid@example.com",
    displayName: "Marcus Reid",
    role: "worker",
    profile: {
      headline: "Copywriter and editor for SaaS and e-commerce",
      bio: "Landing pages, onboarding emails and product descriptions in plain, persuasive " +
        "English. Quick turnaround on edits.",
      skills: ["copywriting", "editing", "seo", "content strategy"],
      hourlyRate: { amountMinor: 55_00, currency: "GBP" },
      location: { name: "Manchester, United Kingdom", lat: 53.4808, lng: -2.2426 },
      timezone: "Europe/London",
    },
  },
  {
    email: "lucia.fernandez@example.com",
    displayName: "Lucía Fernández",
    role: "worker",
    profile: {
      headline: "Mobile developer: React Native and Swift",
      bio: "I ship and maintain iOS and Android apps for small businesses, from booking apps " +
        "to loyalty cards. App Store submissions included.",
      skills: ["react native", "swift", "ios", "android", "expo"],
      hourlyRate: { amountMinor: 45_00, currency: "USD" },
      location: { name: "Mexico City, Mexico", lat: 19.4326, lng: -99.1332 },
      timezone: "America/Mexico_City",
    },
  },
];

function print(line: string, stream: "out" | "err" = "out") {
  (stream === "out" ? Deno.stdout : Deno.stderr).writeSync(new TextEncoder().encode(line + "\n"));
}

async function main() {
  const config = await loadConfig(Deno.env.toObject());
  const db = await createDb({
    url: config.LIBSQL_URL,
    authToken: config.LIBSQL_AUTH_TOKEN,
    syncUrl: config.LIBSQL_SYNC_URL,
    syncIntervalSeconds: config.LIBSQL_SYNC_INTERVAL,
    busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS,
  });
  const bus = createMemoryBus();
  const deps = { db, keys: createTokenKeys(config.JWT_SECRET), clock: systemClock, bus };
  const origin = config.APP_ORIGIN ?? `http://localhost:${config.PORT}`;
  const rows: string[] = [];
  const jobRows: string[] = [];
  try {
    for (const demo of DEMO_USERS) {
      if (await getUserByEmail(db.orm, demo.email)) {
        rows.push(`| ${demo.email} | ${demo.role} | ${demo.displayName} | already there |`);
        continue;
      }
      const { email, displayName, role } = demo;
      const input = RegisterBody.parse({ email, displayName, role, password: DEMO_PASSWORD });
      const meta = { ip: "127.0.0.1", userAgent: "workmate-seed" };
      const { user } = await register(deps, input, meta, origin);
      const profile = ProfilePatch.parse(demo.profile);
      await db.write(async (tx) => {
        const now = deps.clock.now();
        await updateProfile(tx, user.id, profile, now);
        await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id));
        // register signs the new account in; the seed has no use for that session.
        await revokeUserSessions(tx, user.id, "seed", now);
      });
      rows.push(`| ${demo.email} | ${demo.role} | ${demo.displayName} | created |`);
    }
    jobRows.push(...await seedJobs(db, bus, deps.clock.now()));
  } finally {
    await bus.close();
    db.close();
  }
  print(`Demo accounts (password for all: ${DEMO_PASSWORD})\n`);
  print("| email | role | name | |\n|---|---|---|---|");
  for (const row of rows) print(row);
  print("\nDemo tasks\n\n| title | client | |\n|---|---|---|");
  for (const row of jobRows) print(row);
  print("\nMake one an admin with: deno task admin:grant maya.chen@example.com");
}

if (import.meta.main) {
  try {
    await main();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    print(err.message, "err");
    Deno.exit(78);
  }
}
