/**
 * The public profile: what anyone may see about an active user, with the reputation that
 * matches their role. Workers add portfolio, certifications and work history.
 */
import type { Reader } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import { getUserById, isActive, toPublicUser } from "@/server/auth/users.ts";
import {
  type ClientReputation,
  getClientReputation,
  getWorkerReputation,
  listWorkHistory,
  type WorkerReputation,
  type WorkHistoryEntry,
} from "@/server/reputation/metrics.ts";
import { type Certification, listCertifications, toCertificationJson } from "./certifications.ts";
import { listPortfolio, type PortfolioItemView, toPortfolioJson } from "./portfolio.ts";
import { isVerified } from "./verification.ts";

export interface PublicProfile {
  user: User;
  verified: boolean;
  worker: {
    reputation: WorkerReputation;
    portfolio: PortfolioItemView[];
    certifications: Certification[];
    workHistory: WorkHistoryEntry[];
  } | null;
  client: { reputation: ClientReputation } | null;
}

/** The profile of an active user, or null (unknown, banned and deleted users look the same). */
export async function getPublicProfile(
  db: Reader,
  userId: string,
  now: number,
): Promise<PublicProfile | null> {
  const user = await getUserById(db, userId);
  if (!isActive(user)) return null;
  if (user.role === "worker") {
    const [reputation, portfolio, certifications, workHistory] = await Promise.all([
      getWorkerReputation(db, user.id, now),
      listPortfolio(db, user.id),
      listCertifications(db, user.id),
      listWorkHistory(db, user.id),
    ]);
    return {
      user,
      verified: isVerified(user),
      worker: { reputation, portfolio, certifications, workHistory },
      client: null,
    };
  }
  return {
    user,
    verified: isVerified(user),
    worker: null,
    client: { reputation: await getClientReputation(db, user.id, now) },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The JSON the API returns (ISO times, public fields only). */
export function toPublicProfileJson(p: PublicProfile) {
  return {
    user: toPublicUser(p.user),
    verified: p.verified,
    worker: p.worker && {
      reputation: p.worker.reputation,
      portfolio: p.worker.portfolio.map(toPortfolioJson),
      certifications: p.worker.certifications.map(toCertificationJson),
      workHistory: p.worker.workHistory.map((h) => ({
        ...h,
        startedAt: iso(h.startedAt),
        completedAt: iso(h.completedAt),
      })),
    },
    client: p.client,
  };
}
