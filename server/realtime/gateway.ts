/**
 * The WebSocket gateway at GET /ws: origin check before upgrading, authentication (access
 * cookie or bearer header at the handshake, or a first `authenticate` frame within the auth
 * timeout; admitted a few at a time in arrival order, see admission.ts), then the socket joins
 * the hub — subscribed to its user's topic and to every conversation the user is a member of —
 * and its frames are dispatched, one at a time and in order, to the features' handlers.
 * Backpressure and the size limit live here too; pings and idle checks in heartbeat.ts.
 * One gateway per app instance (created in buildDeps); nothing is module state.
 */
import { getCookie } from "hono/cookie";
import {
  type ClientFrame,
  CLOSE,
  type ConversationCursor,
  type ServerFrame,
} from "@/lib/chat_protocol.ts";
import { HttpError } from "@/server/errors.ts";
import type { AppContext, AppDeps } from "@/server/web/context.ts";
import { ACCESS_COOKIE } from "@/server/web/session_cookies.ts";
import { createAdmission } from "./admission.ts";
import { authenticateSocketToken } from "./auth.ts";
import { Connection, type ConnectionEnv } from "./connection.ts";
import { dispatchFrame, frameRef, parseFrame } from "./dispatch.ts";
import { Heartbeat } from "./heartbeat.ts";
import { Hub } from "./hub.ts";
import { createRealtimeMetrics, observeDeliveries, stampedRealtime } from "./metrics.ts";
import type { MetricsRegistry } from "@/server/observability/metrics.ts";
import { checkOrigin } from "./origin.ts";
import { defaultGatewaySettings, type GatewaySettings } from "./settings.ts";
import { createUserEventHandler } from "./user_events.ts";
import type { ConnectionHandle, FrameContext, FrameHandlers } from "./types.ts";

/** A feature speaking through the gateway (chat, calls): its handlers and lifecycle hooks. */
export interface RealtimeFeature {
  handlers: FrameHandlers;
  /** The socket is gone (its subscriptions already dropped). */
  onDisconnect?(conn: ConnectionHandle, ctx: FrameContext): void;
  /** The server is stopping: clear timers. */
  close?(): void;
}

export interface GatewayOptions<F extends Record<string, RealtimeFeature>> {
  /** Resolved lazily: the gateway is itself part of the deps. */
  deps: () => AppDeps;
  /** Where the gateway's metrics register (the app's registry). */
  registry: MetricsRegistry;
  /** By name; their handlers are merged (a frame type belongs to one feature). */
  features: F;
  /** The user's conversations with their cursors: what `authenticated` carries and auto-joins. */
  cursorsOf(deps: AppDeps, userId: string): Promise<ConversationCursor[]>;
  settings?: Partial<GatewaySettings>;
}

export interface Gateway<
  F extends Record<string, RealtimeFeature> = Record<string, RealtimeFeature>,
> {
  readonly settings: GatewaySettings;
  /** The features, e.g. for a test to shorten one's timers. */
  readonly features: F;
  /** Handles GET /ws: refuses or upgrades. */
  upgrade(c: AppContext): Response;
  /** Authenticated connections on this instance. */
  readonly size: number;
  /**
   * Closes every socket with 1012 (restart), drops bus subscriptions, and resolves once the
   * sockets have closed (or after `waitMs`), so the HTTP server's shutdown does not cut them
   * first with 1001.
   */
  close(waitMs?: number): Promise<void>;
}

export function createGateway<F extends Record<string, RealtimeFeature>>(
  options: GatewayOptions<F>,
): Gateway<F> {
  const settings = { ...defaultGatewaySettings(), ...options.settings };
  const features = Object.values(options.features);
  const handlers: FrameHandlers = Object.assign({}, ...features.map((f) => f.handlers));
  const sockets = new Set<WebSocket>();
  let hub: Hub | undefined;
  const realtimeMetrics = createRealtimeMetrics(options.registry, () => hub?.size ?? 0);
  const metrics = () => realtimeMetrics;
  const admission = createAdmission(() => settings.authConcurrency);
  const heartbeat = new Heartbeat(settings);
  // When each send_message arrived (the start of its delivery latency); frames are unique
  // objects, so one map serves every socket.
  const arrivals = new WeakMap<ClientFrame, number>();
  // One environment for every connection: an idle socket should not carry its own copies.
  const connectionEnv: ConnectionEnv = {
    metrics: realtimeMetrics,
    get backpressure() {
      return settings.backpressure;
    },
    subscribe: (c, id) => getHub().subscribe(c, id),
    unsubscribe: (c, id) => getHub().unsubscribe(c, id),
    onClose: (c, code) => onClose(c, code),
  };
  options.registry.gauge(
    "ws_auth_waiting",
    "Sockets that presented a token and wait for an authentication slot",
    () => admission.waiting,
  );
  let offGap: (() => void) | undefined;
  const getHub = () => {
    if (hub) return hub;
    const { bus, config } = options.deps();
    hub = new Hub(observeDeliveries(bus, realtimeMetrics, config.INSTANCE_ID), {
      get lingerMs() {
        return settings.lingerMs;
      },
      onUserEvent: createUserEventHandler(options.deps),
    });
    // Clients that stayed connected through a bus outage missed what other instances sent
    // meanwhile; told so, they fetch it with a sync.
    offGap = bus.onGap?.(() => {
      for (const conn of hub?.connections() ?? []) conn.send({ type: "resync" });
    });
    return hub;
  };

  /**
   * What a handler sees: the deps with a logger that names the user, and — for a frame stamped
   * with its arrival time — a realtime that carries the stamp (delivery latency metrics).
   */
  function ctxFor(conn: Connection, receivedAt?: number): FrameContext {
    const base = options.deps();
    const realtime = receivedAt === undefined
      ? base.realtime
      : stampedRealtime(base.realtime, receivedAt, base.config.INSTANCE_ID);
    const deps = { ...base, realtime, log: base.log.child({ userId: conn.user.id }) };
    return { conn, deps, realtime };
  }

  async function announce(conn: Connection, conversationIds: string[], frame: ServerFrame) {
    const { realtime } = options.deps();
    for (const id of conversationIds) {
      await realtime.toConversation(id, frame, { exceptUserId: conn.user.id });
    }
  }

  function onClose(conn: Connection, code: number) {
    heartbeat.remove(conn);
    const conversations = [...conn.conversations];
    getHub().remove(conn);
    metrics().closes.inc({ code: String(code) });
    const ctx = ctxFor(conn);
    for (const feature of features) {
      try {
        feature.onDisconnect?.(conn, ctx);
      } catch (err) {
        ctx.deps.log.error("disconnect hook failed", { error: err });
      }
    }
    const { presence, clock, log } = ctx.deps;
    const now = clock.now();
    presence.disconnect(conn.user.id, conn.id, now).then((last) => {
      if (!last) return;
      return announce(conn, conversations, {
        type: "user_offline",
        userId: conn.user.id,
        lastSeen: new Date(now).toISOString(),
      });
    }).catch((err) => log.error("presence update failed", { error: err }));
  }

  function handleSocket(socket: WebSocket, token: string | undefined) {
    const deps = options.deps();
    const log = deps.log;
    sockets.add(socket);
    let conn: Connection | null = null;
    let authenticating = false;
    let closed = false;
    // Frames sent before authentication completed, handled once it has.
    let early: ClientFrame[] | undefined;
    let chain = Promise.resolve();

    const sendRaw = (frame: ServerFrame) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(JSON.stringify(frame));
      metrics().framesOut.inc({ type: frame.type });
    };
    const closeWith = (code: number, reason: string) => {
      if (conn) return conn.close(code, reason);
      try {
        socket.close(code, reason);
      } catch {
        // already closed
      }
    };
    // Only a socket that has not presented a token yet can be silent for too long.
    const authTimer = token !== undefined ? undefined : setTimeout(() => {
      if (!conn) closeWith(CLOSE.unauthenticated, "Authenticate first.");
    }, settings.authTimeoutMs);

    let pending = 0;
    // One frame at a time, in arrival order: a client's messages get seqs in the order it sent
    // them. A client flooding faster than that is told to slow down instead of queueing forever.
    const enqueue = (frame: ClientFrame) => {
      const current = conn!;
      if (pending >= settings.maxPendingFrames) {
        return current.send({
          type: "error",
          code: "rate_limited",
          message: "Too many frames at once; wait for answers before sending more.",
          retryAfter: 1,
          ...(frameRef(frame) ? { ref: frameRef(frame) } : {}),
        });
      }
      pending++;
      chain = chain.then(() => {
        const ctx = ctxFor(current, arrivals.get(frame));
        return dispatchFrame(ctx, frame, handlers, ctx.deps.log);
      })
        .finally(() => pending--);
    };

    async function authenticate(presented: string) {
      authenticating = true;
      // The client has presented its token: from here any wait is the server's (a connect
      // storm queues in `admission`), and the auth timeout bounds only anonymous sockets.
      clearTimeout(authTimer);
      const presentedAt = performance.now();
      const ready = await admission.run(() => closed ? Promise.resolve(null) : admit(presented));
      if (!ready) return;
      const { connection, cursors, first } = ready;
      metrics().auth.observe({}, (performance.now() - presentedAt) / 1000);
      // lastHeard moves when a frame is read, so "silent" is measured in processed frames.
      connection.lastHeard = performance.now();
      heartbeat.add(connection);
      authenticating = false;
      const waiting = early ?? [];
      early = undefined;
      for (const frame of waiting) enqueue(frame);
      if (first) {
        await announce(connection, cursors.map((c) => c.id), {
          type: "user_online",
          userId: connection.user.id,
        }).catch((err) => log.error("presence announcement failed", { error: err }));
      }
    }

    /** Checks the token, joins the hub and sends `authenticated`; null if the socket closed. */
    async function admit(presented: string) {
      const result = await authenticateSocketToken(
        deps.db.orm,
        deps.keys,
        presented,
        deps.clock.now(),
      )
        .catch((err) => {
          log.error("socket authentication failed", { error: err });
          return { ok: false, code: CLOSE.unauthenticated, reason: "Try again." } as const;
        });
      if (closed) return null;
      if (!result.ok) {
        closeWith(result.code, result.reason);
        return null;
      }
      const { id, displayName, role } = result.user;
      const user = { id, displayName, role };
      const connection = new Connection(socket, user, result.sessionId, connectionEnv);
      conn = connection;
      // The user topic first, then the memberships: a conversation joined in between still
      // reaches this socket through the conversation.joined event.
      getHub().add(connection);
      try {
        const cursors = await options.cursorsOf(deps, result.user.id);
        if (connection.isClosed) return null;
        for (const c of cursors) connection.subscribe(c.id);
        const first = await deps.presence.connect(result.user.id, connection.id, deps.clock.now());
        if (connection.isClosed) {
          // Closed while presence was recorded: onClose may have run first, so undo here.
          await deps.presence.disconnect(result.user.id, connection.id, deps.clock.now());
          return null;
        }
        connection.send({
          type: "authenticated",
          userId: result.user.id,
          conversations: cursors,
          iceServers: deps.config.ICE_SERVERS,
        });
        return { connection, cursors, first };
      } catch (err) {
        log.error("socket setup failed", { error: err, userId: result.user.id });
        connection.close(1011, "Something went wrong on our side.");
        return null;
      }
    }

    socket.onopen = () => {
      if (token === undefined) return;
      const presented = token;
      // The handler outlives the handshake; the token need not.
      token = undefined;
      void authenticate(presented);
    };

    socket.onmessage = (event) => {
      if (closed) return;
      const parsed = parseFrame(event.data, settings.maxFrameBytes);
      if (!parsed.ok && parsed.tooBig) {
        metrics().framesIn.inc({ type: "too_big" });
        return closeWith(CLOSE.tooBig, `Frames are at most ${settings.maxFrameBytes} bytes.`);
      }
      if (conn) conn.lastHeard = performance.now();
      const send = (frame: ServerFrame) => conn ? conn.send(frame) : sendRaw(frame);
      if (!parsed.ok) {
        metrics().framesIn.inc({ type: "invalid" });
        return send({ type: "error", code: "bad_frame", message: parsed.message });
      }
      const frame = parsed.frame;
      metrics().framesIn.inc({ type: frame.type });
      if (frame.type === "send_message") arrivals.set(frame, Date.now());
      if (frame.type === "ping") return send({ type: "pong", ...(frame.t ? { t: frame.t } : {}) });
      if (frame.type === "pong") return;
      if (frame.type === "authenticate") {
        if (conn || authenticating) {
          return send({ type: "error", code: "bad_frame", message: "Already authenticated." });
        }
        return void authenticate(frame.token);
      }
      if (!conn || authenticating) {
        early ??= [];
        if (early.length >= settings.maxEarlyFrames) {
          return closeWith(CLOSE.unauthenticated, "Authenticate before sending frames.");
        }
        early.push(frame);
        return;
      }
      enqueue(frame);
    };

    socket.onclose = (event) => {
      closed = true;
      sockets.delete(socket);
      clearTimeout(authTimer);
      conn?.close(event.code);
    };
    socket.onerror = () => {
      // A close event follows; nothing to add.
    };
  }

  return {
    settings,
    features: options.features,
    get size() {
      return hub?.size ?? 0;
    },
    upgrade(c) {
      if ((c.req.header("upgrade") ?? "").toLowerCase() !== "websocket") {
        throw new HttpError(
          "bad-request",
          "This endpoint speaks WebSocket: connect to ws(s)://…/ws.",
        );
      }
      const origin = checkOrigin(c);
      if (origin === "foreign") {
        throw new HttpError("csrf", "WebSocket connections from other sites are refused.");
      }
      const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
      // Cookies count only when a browser names our origin (no Origin: not a browser).
      const cookie = origin === "same-origin" ? getCookie(c, ACCESS_COOKIE) : undefined;
      const { socket, response } = Deno.upgradeWebSocket(c.req.raw, { idleTimeout: 0 });
      handleSocket(socket, bearer ?? cookie);
      return response;
    },
    async close(waitMs = 1000) {
      const open = [...sockets];
      const allClosed = Promise.all(
        open.map((socket) =>
          socket.readyState === WebSocket.CLOSED
            ? Promise.resolve()
            : new Promise<void>((resolve) =>
              socket.addEventListener("close", () => resolve(), { once: true })
            )
        ),
      );
      for (const conn of hub?.connections() ?? []) conn.close(CLOSE.restart, "Server restarting.");
      for (const socket of open) {
        try {
          socket.close(CLOSE.restart, "Server restarting.");
        } catch {
          // already closed
        }
      }
      offGap?.();
      heartbeat.close();
      hub?.close();
      for (const feature of features) feature.close?.();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([allClosed, new Promise((r) => timer = setTimeout(r, waitMs))]);
      clearTimeout(timer);
    },
  };
}
