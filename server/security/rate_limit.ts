/**
 * Fixed-window rate limiting by key. In process memory here; issue 5 adds a Redis store behind
 * the same interface so limits hold across instances.
 */
export interface RateLimitRule {
  /** Names the limit in keys and logs, e.g. "login". */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets (the Retry-After value when refused). */
  retryAfter: number;
}

export interface RateLimiter {
  hit(rule: RateLimitRule, key: string, now: number): Promise<RateLimitResult>;
}

export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let sweepAt = 0;
  return {
    hit(rule, key, now) {
      if (now >= sweepAt) {
        // Forget expired windows now and then so memory follows the active keys only.
        for (const [k, w] of windows) if (now - w.start > 24 * 3600_000) windows.delete(k);
        sweepAt = now + 60_000;
      }
      const id = `${rule.name}:${key}`;
      let w = windows.get(id);
      if (!w || now - w.start >= rule.windowMs) {
        w = { start: now, count: 0 };
        windows.set(id, w);
      }
      w.count++;
      const retryAfter = Math.max(1, Math.ceil((w.start + rule.windowMs - now) / 1000));
      return Promise.resolve({
        allowed: w.count <= rule.limit,
        remaining: Math.max(0, rule.limit - w.count),
        retryAfter,
      });
    },
  };
}

const MINUTE = 60_000;
/** The per-IP limits on the account endpoints. */
export const AUTH_LIMITS = {
  register: { name: "register", limit: 5, windowMs: 60 * MINUTE },
  login: { name: "login", limit: 10, windowMs: 15 * MINUTE },
  resendVerification: { name: "resend-verification", limit: 3, windowMs: 5 * MINUTE },
  passwordForgot: { name: "password-forgot", limit: 3, windowMs: 5 * MINUTE },
} satisfies Record<string, RateLimitRule>;
