/** Applies a rate-limit rule to the client's IP; refuses with 429 and Retry-After. */
import type { AppContext } from "../context.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import { HttpError } from "@/server/errors.ts";
import { clientIp } from "../request.ts";

export async function enforceRateLimit(c: AppContext, rule: RateLimitRule): Promise<void> {
  const { rateLimiter, clock } = c.get("deps");
  const result = await rateLimiter.hit(rule, clientIp(c), clock.now());
  if (!result.allowed) {
    throw new HttpError(
      "rate-limited",
      `Too many attempts. Try again in ${result.retryAfter} seconds.`,
      {
        retryAfter: result.retryAfter,
        headers: { "Retry-After": String(result.retryAfter) },
      },
    );
  }
}
