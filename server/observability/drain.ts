/**
 * Draining an instance before it stops, in two steps:
 *
 * 1. `begin()`: /readyz answers 503 (a proxy's readiness check takes the instance out of
 *    rotation) and new WebSocket upgrades are refused with 503 (the client's backoff sends it
 *    to another instance); ordinary requests are still served.
 * 2. `refuseNew()`: every new request gets 503 with `Connection: close` before any handler runs
 *    (so a proxy may safely retry it elsewhere), and `settled()` resolves once the requests
 *    already in flight have answered.
 *
 * Only then may the HTTP server shut down: Deno's `server.shutdown()` cuts the body of a
 * request still being received (an upload half-way), so it must not run while one is.
 */
import { PROBLEMS, problemType } from "@/lib/problems.ts";

export interface Drain {
  readonly inFlight: number;
  begin(): void;
  refuseNew(): void;
  /** Resolves when no request is in flight, or after `timeoutMs`; true when settled. */
  settled(timeoutMs: number): Promise<boolean>;
  /** Wraps the app's fetch handler. */
  wrap<A extends unknown[]>(
    fetch: (req: Request, ...rest: A) => Response | Promise<Response>,
  ): (req: Request, ...rest: A) => Promise<Response>;
}

export function createDrain(instanceId: string): Drain {
  let draining = false;
  let refusing = false;
  let inFlight = 0;
  const idle = new Set<() => void>();

  const unavailable = (detail: string) =>
    Response.json({
      type: problemType("unavailable"),
      title: PROBLEMS.unavailable.title,
      status: 503,
      detail,
    }, {
      status: 503,
      headers: {
        "content-type": "application/problem+json",
        "retry-after": "1",
        connection: "close",
      },
    });

  return {
    get inFlight() {
      return inFlight;
    },
    begin() {
      draining = true;
    },
    refuseNew() {
      draining = refusing = true;
    },
    settled(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          idle.delete(wake);
          resolve(ok);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        idle.add(wake);
      });
    },
    wrap(fetch) {
      return async (req, ...rest) => {
        if (draining) {
          const path = new URL(req.url).pathname;
          if (path === "/readyz") {
            return Response.json({ status: "draining", instance: instanceId }, { status: 503 });
          }
          if (refusing) return unavailable("This instance is restarting; retry (another answers).");
          if (path === "/ws") return unavailable("This instance is restarting; reconnect.");
        }
        inFlight++;
        try {
          return await fetch(req, ...rest);
        } finally {
          if (--inFlight === 0) idle.forEach((wake) => wake());
        }
      };
    },
  };
}
