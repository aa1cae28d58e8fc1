/**
 * Incoming frames: size check on the raw text (before parsing, so a huge frame costs nothing),
 * JSON, the protocol's zod union, then the feature handler for the frame's type. A handler's
 * FrameError — or a domain HttpError — becomes an error frame and the socket stays open;
 * anything else is logged and answered with "internal".
 */
import { type ClientFrame, type ErrorCode, type ServerFrame } from "@/lib/chat_protocol.ts";
import { ClientFrame as ClientFrameSchema } from "@/lib/schemas/chat_frames.ts";
import { HttpError } from "@/server/errors.ts";
import type { Logger } from "@/server/observability/log.ts";
import { type FrameContext, FrameError, type FrameHandler, type FrameHandlers } from "./types.ts";

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; tooBig: true }
  | { ok: false; tooBig: false; message: string; type?: string };

export function parseFrame(data: unknown, maxBytes: number): ParsedFrame {
  if (typeof data !== "string") {
    const size = data instanceof ArrayBuffer ? data.byteLength : (data as Blob)?.size ?? 0;
    if (size > maxBytes) return { ok: false, tooBig: true };
    return { ok: false, tooBig: false, message: "Send frames as JSON text, not binary." };
  }
  // UTF-8 takes 1–3 bytes per UTF-16 unit: measure exactly only when it matters.
  if (data.length > maxBytes) return { ok: false, tooBig: true };
  if (data.length * 3 > maxBytes && new TextEncoder().encode(data).length > maxBytes) {
    return { ok: false, tooBig: true };
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, tooBig: false, message: "A frame is a JSON object with a type." };
  }
  const type = typeof json === "object" && json !== null && "type" in json &&
      typeof json.type === "string"
    ? json.type.slice(0, 40)
    : undefined;
  const result = ClientFrameSchema.safeParse(json);
  if (result.success) return { ok: true, frame: result.data };
  const unknownType = result.error.issues.some((i) =>
    i.code === "invalid_union" && i.path.length === 1 && i.path[0] === "type"
  );
  if (type === undefined || unknownType) {
    return {
      ok: false,
      tooBig: false,
      type,
      message: type === undefined
        ? "A frame needs a string field 'type'."
        : `Unknown frame type '${type}'.`,
    };
  }
  const problems = result.error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join(".") || "frame";
    const what = i.code === "unrecognized_keys" ? `unknown field ${i.keys.join(", ")}` : i.message;
    return `${path}: ${what}`;
  });
  return {
    ok: false,
    tooBig: false,
    type,
    message: `Invalid ${type} frame (${problems.join("; ")}).`,
  };
}

/** The id an error frame names, so the client knows which of its frames failed. */
export function frameRef(frame: ClientFrame): string | undefined {
  if ("clientMsgId" in frame) return frame.clientMsgId;
  if ("messageId" in frame) return frame.messageId;
  if ("callId" in frame) return frame.callId;
  if ("conversationId" in frame) return frame.conversationId;
  return undefined;
}

const HTTP_TO_FRAME: Partial<Record<HttpError["slug"], ErrorCode>> = {
  "not-found": "not_found",
  "forbidden": "forbidden",
  "validation": "bad_frame",
  "bad-request": "bad_frame",
  "payload-too-large": "bad_frame",
  "unsupported-media-type": "bad_frame",
  "rate-limited": "rate_limited",
  "conflict": "conflict",
  "invalid-transition": "conflict",
  "unauthenticated": "unauthenticated",
};

/** The error frame for a failure, or null when it is unexpected (log it, answer internal). */
export function toErrorFrame(err: unknown, ref?: string): ServerFrame | null {
  if (err instanceof FrameError) {
    return {
      type: "error",
      code: err.code,
      message: err.message,
      ...(err.extra.retryAfter !== undefined ? { retryAfter: err.extra.retryAfter } : {}),
      ...(err.extra.ref ?? ref ? { ref: err.extra.ref ?? ref } : {}),
    };
  }
  if (err instanceof HttpError && HTTP_TO_FRAME[err.slug]) {
    const details = err.extra.errors?.map((e) => e.message).join(" ");
    return {
      type: "error",
      code: HTTP_TO_FRAME[err.slug]!,
      message: details ? `${err.message} ${details}` : err.message,
      ...(err.extra.retryAfter !== undefined ? { retryAfter: err.extra.retryAfter } : {}),
      ...(ref ? { ref } : {}),
    };
  }
  return null;
}

export async function dispatchFrame(
  ctx: FrameContext,
  frame: ClientFrame,
  handlers: FrameHandlers,
  log: Logger,
): Promise<void> {
  const handler = handlers[frame.type] as FrameHandler<typeof frame.type> | undefined;
  const ref = frameRef(frame);
  if (!handler) {
    ctx.conn.send({
      type: "error",
      code: "bad_frame",
      message: `'${frame.type}' frames are not handled here.`,
      ...(ref ? { ref } : {}),
    });
    return;
  }
  try {
    await handler(ctx, frame as never);
  } catch (err) {
    const errorFrame = toErrorFrame(err, ref);
    if (errorFrame) return ctx.conn.send(errorFrame);
    log.error("frame handler failed", { error: err, frame: frame.type, userId: ctx.conn.user.id });
    ctx.conn.send({
      type: "error",
      code: "internal",
      message: "Something went wrong on our side. Try again.",
      ...(ref ? { ref } : {}),
    });
  }
}
